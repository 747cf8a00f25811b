package io.rtdispatch.frontend.connection;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.rtdispatch.common.flow.Queues;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.subscription.Subscriber;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One client's SSE connection. It owns the connection's bounded outgoing buffer (the head of the
 * HTTP response stream) and the connection's set of topics, enforces the per-connection topic
 * limit, and cleans up the subscription table when the client goes away.
 *
 * <p>Events do not pass through this actor: the subscription table offers frames straight into
 * the buffer (see {@link Subscriber}). Heartbeats are injected by the stream itself when it has
 * been idle, so an idle connection costs no timer and no message.
 */
public final class ConnectionActor extends AbstractBehavior<ConnectionActor.Command> {

  public sealed interface Command {}

  public record Subscribe(String topic, ActorRef<ConnectionManager.SubscriptionResult> replyTo)
      implements Command {}

  public record Unsubscribe(String topic, ActorRef<ConnectionManager.SubscriptionResult> replyTo)
      implements Command {}

  /** Ends the stream after what is buffered has been written (graceful shutdown). */
  public enum Close implements Command { INSTANCE }

  private enum StreamEnded implements Command { INSTANCE }

  private final String id;
  private final Subscriber subscriber;
  private final ActorRef<SubscriptionTable.Command> table;
  private final int maxTopics;
  private final Set<String> topics = new HashSet<>();

  public static Behavior<Command> create(String id, List<String> topics,
      ActorRef<ConnectionManager.OpenResult> replyTo, ActorRef<SubscriptionTable.Command> table,
      FrontendSettings settings) {
    return Behaviors.setup(context -> new ConnectionActor(context, id, topics, replyTo, table, settings));
  }

  private ConnectionActor(ActorContext<Command> context, String id, List<String> initialTopics,
      ActorRef<ConnectionManager.OpenResult> replyTo, ActorRef<SubscriptionTable.Command> table,
      FrontendSettings settings) {
    super(context);
    this.id = id;
    this.table = table;
    this.maxTopics = settings.maxTopicsPerConnection();
    ActorRef<Command> self = context.getSelf();
    Pair<BoundedSourceQueue<ByteString>, Source<ByteString, NotUsed>> stream =
        Source.<ByteString>queue(settings.connectionBuffer())
            .watchTermination((queue, done) -> {
              done.whenComplete((ok, failure) -> self.tell(StreamEnded.INSTANCE));
              return queue;
            })
            .preMaterialize(context.getSystem());
    this.subscriber = new Subscriber(id, stream.first());
    subscriber.buffer().offer(SseFrames.connected(id, settings.retryHint()));
    initialTopics.forEach(this::subscribe);
    replyTo.tell(new ConnectionManager.Opened(id,
        stream.second().keepAlive(settings.heartbeatInterval(), () -> SseFrames.HEARTBEAT)));
    context.getLog().debug("Connection {} opened with topics {}", id, initialTopics);
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
      command.replyTo().tell(new ConnectionManager.LimitReached(
          "connection " + id + " already has " + topics.size() + " topics, the limit is " + maxTopics));
      return this;
    }
    subscribe(command.topic());
    command.replyTo().tell(new ConnectionManager.SubscriptionChanged(id, command.topic(), true));
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    if (topics.remove(command.topic())) {
      table.tell(new SubscriptionTable.Unsubscribe(command.topic(), id));
    }
    command.replyTo().tell(new ConnectionManager.SubscriptionChanged(id, command.topic(), false));
    return this;
  }

  private void subscribe(String topic) {
    if (topics.add(topic)) {
      table.tell(new SubscriptionTable.Subscribe(topic, subscriber));
    }
  }

  private Behavior<Command> onClose() {
    Queues.complete(subscriber.buffer());
    return this;
  }

  private Behavior<Command> onStreamEnded() {
    getContext().getLog().debug("Connection {} ended", id);
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    // Also reached when the actor is stopped from outside: the table must never keep a dead buffer.
    table.tell(new SubscriptionTable.RemoveConnection(id, Set.copyOf(topics)));
    Queues.complete(subscriber.buffer());
    return this;
  }
}
