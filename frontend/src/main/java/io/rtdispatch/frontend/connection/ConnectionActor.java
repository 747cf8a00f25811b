package io.rtdispatch.frontend.connection;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.netty.channel.Channel;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client's SSE connection: owns the connection's set of topics and its lifecycle. It enforces
 * the per-connection topic limit, keeps the subscription table in step with its topics, and when
 * the socket closes (for whatever reason) removes every trace of the connection: its
 * subscriptions, its directory entry and its slot in the connection limit.
 *
 * <p>Events do not pass through this actor: the fan-out offers frames straight into the
 * connection's {@link Outbox}. Heartbeats come from {@link Connections#heartbeat}. An idle
 * connection costs no timer and no message.
 */
public final class ConnectionActor extends AbstractBehavior<ConnectionActor.Command> {

  public sealed interface Command {}

  public record Subscribe(String topic, ActorRef<SubscriptionResult> replyTo) implements Command {}

  public record Unsubscribe(String topic, ActorRef<SubscriptionResult> replyTo) implements Command {}

  /** Ends the stream after what is pending has been written (graceful shutdown). */
  public enum Close implements Command { INSTANCE }

  private enum StreamEnded implements Command { INSTANCE }

  public sealed interface SubscriptionResult {}

  public record SubscriptionChanged(String connectionId, String topic, boolean subscribed)
      implements SubscriptionResult {}

  /** Over the topics-per-connection limit, or the node's subscription limit. */
  public record LimitReached(String reason) implements SubscriptionResult {}

  private final String id;
  private final Outbox outbox;
  private final Channel channel;
  private final Connections connections;
  private final SubscriptionShards shards;
  private final int maxTopics;
  private final Set<String> topics = new HashSet<>(4);

  /**
   * @param topics topics to subscribe at once (validated, at most {@code maxTopics})
   * @param channel the connection's socket, its response head already written
   */
  public static Behavior<Command> create(String id, List<String> topics, Outbox outbox, Channel channel,
      Connections connections, SubscriptionShards shards, int maxTopics) {
    return Behaviors.setup(context ->
        new ConnectionActor(context, id, topics, outbox, channel, connections, shards, maxTopics));
  }

  private ConnectionActor(ActorContext<Command> context, String id, List<String> initialTopics, Outbox outbox,
      Channel channel, Connections connections, SubscriptionShards shards, int maxTopics) {
    super(context);
    this.id = id;
    this.outbox = outbox;
    this.channel = channel;
    this.connections = connections;
    this.shards = shards;
    this.maxTopics = maxTopics;
    ActorRef<Command> self = context.getSelf();
    connections.added(new Connections.Connection(id, outbox, self));
    // Counted towards the node's subscription limit by Connections.open already.
    for (String topic : initialTopics) {
      if (topics.add(topic)) {
        shards.subscribe(topic, outbox);
      } else {
        connections.removeSubscriptions(1);
      }
    }
    // Fires at once if the client is already gone: every way a socket ends, ends the actor.
    channel.closeFuture().addListener(closed -> self.tell(StreamEnded.INSTANCE));
    if (connections.closing()) {
      self.tell(Close.INSTANCE);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessageEquals(Close.INSTANCE, this::onClose)
        .onMessageEquals(StreamEnded.INSTANCE, this::onStreamEnded)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    if (!topics.contains(command.topic()) && topics.size() >= maxTopics) {
      command.replyTo().tell(new LimitReached(
          "the connection already has " + topics.size() + " topics, the limit is " + maxTopics));
      return this;
    }
    if (!topics.contains(command.topic())) {
      if (!connections.tryAddSubscription()) {
        command.replyTo().tell(new LimitReached(connections.subscriptionLimitReason(1)));
        return this;
      }
      topics.add(command.topic());
      shards.subscribe(command.topic(), outbox);
    }
    command.replyTo().tell(new SubscriptionChanged(id, command.topic(), true));
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    if (topics.remove(command.topic())) {
      connections.removeSubscriptions(1);
      shards.unsubscribe(command.topic(), id);
    }
    command.replyTo().tell(new SubscriptionChanged(id, command.topic(), false));
    return this;
  }

  private Behavior<Command> onClose() {
    outbox.close();
    return this;
  }

  private Behavior<Command> onStreamEnded() {
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    // Also reached when the actor is stopped from outside: the table must never keep a dead outbox.
    outbox.discard();
    topics.forEach(topic -> shards.unsubscribe(topic, id));
    connections.removeSubscriptions(topics.size());
    connections.release(id);
    channel.close();
    return this;
  }
}
