package io.rtdispatch.frontend.connection;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.netty.channel.Channel;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.SubscriptionResult.LimitReached;
import io.rtdispatch.frontend.connection.SubscriptionResult.SubscriptionChanged;
import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.sse.SseFrames;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client's SSE connection: owns the connection's set of topics and its lifecycle. It enforces
 * the per-connection topic limit, keeps the subscription table in step with its topics, and when
 * the socket closes (for whatever reason) removes every trace of the connection: its
 * subscriptions, its directory entry and its slot in the connection limit.
 *
 * <p>Events do not pass through this actor: the fan-out offers frames straight into the
 * connection's {@link Outbox}. Heartbeats come from {@link Connections#heartbeat}. An idle
 * connection costs no timer and no message, but one whose topics a subscribe token with an
 * {@code exp} allowed: one timer, ending the stream then ({@link TokenEndsAt}).
 *
 * <p>The stream's first frames wait for its topics (issue 10): the outbox holds live frames until
 * every topic given on {@code /connect} is routable (or {@code subscribe-ack-timeout} passed) and
 * its replay from the {@link History} is in; then the connected frame and the replay go out
 * ahead of them ({@link StreamStart}); if this node's history cannot prove the client recovered,
 * the data center's dispatchers are asked first ({@link DispatcherHistories}, bounded in time). A later {@link Subscribe} is answered once the topic is
 * routable, or with {@code routable=false} after that timeout.
 */
public final class ConnectionActor extends AbstractBehavior<ConnectionActor.Command> {

  /**
   * In place of a last event id: replay everything the history still holds for the topics
   * ({@code GET /connect?replay=recent}, docs/api.md). Not a valid event id (it holds a control
   * character), so no client's id can mean it.
   */
  public static final String RECENT = "\u0000recent";

  public sealed interface Command {}

  /**
   * A client's subscription change for this stream ({@link io.rtdispatch.frontend.http.SubscriptionChanges}):
   * the connection checks its own limits, then joins the topic's shard as a subscriber
   * ({@link SubscriptionTable.AddSubscriber}).
   */
  public record Subscribe(String topic, ActorRef<SubscriptionResult> replyTo) implements Command {}

  /** A client's request to stop receiving {@code topic} on this stream ({@link SubscriptionTable.RemoveSubscriber}). */
  public record Unsubscribe(String topic, ActorRef<SubscriptionResult> replyTo) implements Command {}

  /**
   * A subscribe token that allowed some of this connection's topics stops being valid at
   * {@code at} (docs/security.md): then the stream gets a {@code token-expired} event and ends.
   * The earliest such time wins.
   */
  public record TokenEndsAt(Instant at) implements Command {}

  private enum TokenExpired implements Command { INSTANCE }

  /** Ends the stream after what is pending has been written (graceful shutdown). */
  public enum Close implements Command { INSTANCE }

  private enum StreamEnded implements Command { INSTANCE }

  private record Replayed(History.Replay replay) implements Command {}

  private record RoutableAnswer(String topic, boolean routable) implements Command {}

  private record Fetched(DispatcherHistories.Fetched answers) implements Command {}

  private final String id;
  private final Outbox outbox;
  private final Channel channel;
  private final Connections connections;
  private final StreamSetup setup;
  private final TimerScheduler<Command> timers;
  private final ActorRef<History.Replay> replayTo;
  private final ActorRef<TopicRegistrar.Routable> routableTo;
  private final Set<String> topics = new HashSet<>(4);
  private final Map<String, List<ActorRef<SubscriptionResult>>> awaiting = new HashMap<>();
  private StreamStart start;
  /** The client's last event id, kept until the stream's first frames are out; null: none. */
  private String lastEventId;
  /** Whether the dispatchers were asked for this stream's replay, and whether they answered. */
  private boolean fetchAsked;
  private boolean fetchDone;
  /** When the earliest subscribe token behind this stream's topics ends; null: never. */
  private Instant tokenEndsAt;

  /**
   * @param topics topics to subscribe at once (validated, at most {@code setup.maxTopics()})
   * @param lastEventId the client's {@code Last-Event-ID} (valid): replay what it missed; {@link #RECENT}: replay
   *     what the history holds; null: nothing
   * @param outbox the connection's outbox, {@link Outbox#hold held} until the first frames are known
   * @param channel the connection's socket, its response head already written
   */
  public static Behavior<Command> create(String id, List<String> topics, String lastEventId, Outbox outbox,
      Channel channel, Connections connections, StreamSetup setup) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        new ConnectionActor(context, timers, id, topics, lastEventId, outbox, channel, connections, setup)));
  }

  private ConnectionActor(ActorContext<Command> context, TimerScheduler<Command> timers, String id,
      List<String> initialTopics, String lastEventId, Outbox outbox, Channel channel, Connections connections,
      StreamSetup setup) {
    super(context);
    this.timers = timers;
    this.id = id;
    this.outbox = outbox;
    this.channel = channel;
    this.connections = connections;
    this.setup = setup;
    this.lastEventId = lastEventId;
    this.replayTo = context.messageAdapter(History.Replay.class, Replayed::new);
    this.routableTo = context.messageAdapter(TopicRegistrar.Routable.class,
        answer -> new RoutableAnswer(answer.topic(), answer.routable()));
    ActorRef<Command> self = context.getSelf();
    connections.added(new Connections.Connection(id, outbox, self));
    Set<String> unique = new LinkedHashSet<>(initialTopics);
    // Counted towards the node's subscription limit by Connections.open already.
    connections.removeSubscriptions(initialTopics.size() - unique.size());
    boolean recent = RECENT.equals(lastEventId);
    long cut = lastEventId == null ? -1 : recent ? 0 : setup.history().find(unique, lastEventId);
    start = new StreamStart(unique, lastEventId != null && !recent, cut);
    for (String topic : unique) {
      topics.add(topic);
      subscribe(topic, cut, replayTo);
    }
    startIfReady();
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
        .onMessage(TokenEndsAt.class, this::onTokenEndsAt)
        .onMessageEquals(TokenExpired.INSTANCE, this::onTokenExpired)
        .onMessageEquals(Close.INSTANCE, this::onClose)
        .onMessageEquals(StreamEnded.INSTANCE, this::onStreamEnded)
        .onMessage(Replayed.class, this::onReplayed)
        .onMessage(RoutableAnswer.class, this::onRoutable)
        .onMessage(Fetched.class, this::onFetched)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    if (!topics.contains(command.topic()) && topics.size() >= setup.maxTopics()) {
      command.replyTo().tell(new LimitReached(
          "the connection already has " + topics.size() + " topics, the limit is " + setup.maxTopics()));
      return this;
    }
    if (!topics.contains(command.topic())) {
      if (!connections.tryAddSubscription()) {
        command.replyTo().tell(new LimitReached(connections.subscriptionLimitReason(1)));
        return this;
      }
      topics.add(command.topic());
    }
    // Already subscribed or not: the answer waits until the topic is routable.
    awaiting.computeIfAbsent(command.topic(), t -> new ArrayList<>()).add(command.replyTo());
    subscribe(command.topic(), -1, null);
    return this;
  }

  /** Subscribes in the table, asks to hear when the topic is routable, and bounds that wait. */
  private void subscribe(String topic, long cut, ActorRef<History.Replay> replay) {
    setup.shards().subscribe(new SubscriptionTable.AddSubscriber(topic, outbox, cut, replay, routableTo));
    if (!timers.isTimerActive(topic)) {
      timers.startSingleTimer(topic, new RoutableAnswer(topic, false), setup.ackTimeout());
    }
  }

  private Behavior<Command> onReplayed(Replayed replayed) {
    if (start != null) {
      start.replayed(replayed.replay());
      startIfReady();
    }
    return this;
  }

  /** The registrar's answer, or the timeout's: the first one for a topic counts. */
  private Behavior<Command> onRoutable(RoutableAnswer answer) {
    timers.cancel(answer.topic());
    if (start != null) {
      start.routable(answer.topic(), answer.routable());
      startIfReady();
    }
    List<ActorRef<SubscriptionResult>> waiting = awaiting.remove(answer.topic());
    if (waiting != null) {
      SubscriptionChanged changed = new SubscriptionChanged(id, answer.topic(), topics.contains(answer.topic()),
          answer.routable());
      waiting.forEach(replyTo -> replyTo.tell(changed));
    }
    return this;
  }

  private Behavior<Command> onFetched(Fetched fetched) {
    if (start != null) {
      start.fetched(fetched.answers());
      fetchDone = true;
      startIfReady();
    }
    return this;
  }

  /**
   * Releases the stream's first frames once known: after the local replays and routability, and
   * when this node's history cannot prove the recovery, after the dispatchers' answers (bounded by
   * {@code rtd.frontend.history.fetch-timeout}; live frames stay held meanwhile).
   */
  private void startIfReady() {
    if (!start.ready() || (fetchAsked && !fetchDone)) {
      return;
    }
    Set<String> unproven = start.unproven();
    if (!fetchAsked && !unproven.isEmpty() && setup.dispatchers().enabled()) {
      fetchAsked = true;
      getContext().pipeToSelf(setup.dispatchers().fetch(unproven, lastEventId),
          (answers, failure) -> new Fetched(answers == null ? DispatcherHistories.Fetched.NONE : answers));
      return;
    }
    outbox.release(start.frames(id, setup.retryHint()), start.replayedIds());
    if (start.recoveryAsked()) {
      setup.history().recovered(start.recovered());
    }
    start = null;
    lastEventId = null;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    if (topics.remove(command.topic())) {
      connections.removeSubscriptions(1);
      setup.shards().unsubscribe(command.topic(), id);
    }
    command.replyTo().tell(new SubscriptionChanged(id, command.topic(), false, null));
    return this;
  }

  private Behavior<Command> onTokenEndsAt(TokenEndsAt command) {
    if (tokenEndsAt == null || command.at().isBefore(tokenEndsAt)) {
      tokenEndsAt = command.at();
      timers.startSingleTimer(TokenExpired.INSTANCE, SubscriberAuth.untilFromNow(tokenEndsAt));
    }
    return this;
  }

  private Behavior<Command> onTokenExpired() {
    outbox.offer(SseFrames.tokenExpired(tokenEndsAt));
    outbox.close();
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
    topics.forEach(topic -> setup.shards().unsubscribe(topic, id));
    connections.removeSubscriptions(topics.size());
    connections.release(id);
    channel.close();
    return this;
  }
}
