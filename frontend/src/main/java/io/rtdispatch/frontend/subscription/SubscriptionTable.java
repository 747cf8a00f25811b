package io.rtdispatch.frontend.subscription;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.logging.LogSafe;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.event.TopicPatterns;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.connection.FlushBatch;
import io.rtdispatch.frontend.connection.Outbox;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.sse.SseFrames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard of the node-local subscription table, topic → local connections, and the fan-out of
 * the events of its topics. {@link SubscriptionShards} gives every topic to exactly one shard, so
 * a frontend fans out on as many threads as it has shards, and one topic's events stay in order.
 *
 * <p>Within a shard one actor owns the table, so subscribe, unsubscribe and delivery never race.
 * It tells the registrar when a topic gets its first local subscriber and when it loses its last.
 * Delivery encodes each event's frame once and offers the same bytes to each subscriber's
 * {@link Outbox} without waiting: a full outbox drops the frame for that one connection and
 * counts it. Each event's frame is also kept in the frontend's {@link History} of the topic, and a
 * subscription that asks for a replay gets the history after its cut in the same message that
 * adds it to the table: every event is then either in the replay or offered live, never both.
 */
public final class SubscriptionTable extends AbstractBehavior<SubscriptionTable.Command> {

  public sealed interface Command {}

  /**
   * Adds the outbox to the topic's subscribers. If {@code replayTo} is set, it gets the topic's
   * {@link History.Replay} from {@code cut} (negative: nothing to replay); if {@code routableTo}
   * is set, it hears from the registrar once dispatchers route the topic here.
   */
  public record AddSubscriber(String topic, Outbox outbox, long cut, ActorRef<History.Replay> replayTo,
      ActorRef<TopicRegistrar.Routable> routableTo) implements Command {
    public AddSubscriber(String topic, Outbox outbox) {
      this(topic, outbox, -1, null, null);
    }
  }

  /** Removes the connection's outbox from the topic's subscribers; nothing if it was not one. */
  public record RemoveSubscriber(String topic, String connectionId) implements Command {}

  /** Events of this shard's topics; their permits in the pending limit are returned once fanned out. */
  public record Deliver(List<Event> events) implements Command {}

  /**
   * How many local connections subscribe to each of {@code topics} and to each of this shard's
   * topics matching {@code patterns}; topics without subscribers are left out of the answer.
   */
  public record Count(List<String> topics, TopicPatterns patterns, ActorRef<Counts> replyTo) implements Command {}

  public record Counts(Map<String, Integer> subscribers) {}

  private static final long DROP_WARN_EVERY = 1000;

  private final ActorRef<TopicRegistrar.Command> registrar;
  private final FrontendMetrics metrics;
  private final PendingLimit pending;
  private final History history;
  private final Map<String, Map<String, Outbox>> byTopic = new HashMap<>();
  private final FlushBatch flushes = new FlushBatch();
  private final RepeatedWarnings warnings;

  /** Resumes after an unexpected failure: a bug in handling one message must not cost every subscription. */
  public static Behavior<Command> create(ActorRef<TopicRegistrar.Command> registrar, FrontendMetrics metrics,
      PendingLimit pending, History history) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new SubscriptionTable(context, registrar, metrics,
        pending, history))).onFailure(SupervisorStrategy.resume());
  }

  private SubscriptionTable(ActorContext<Command> context, ActorRef<TopicRegistrar.Command> registrar,
      FrontendMetrics metrics, PendingLimit pending, History history) {
    super(context);
    this.registrar = registrar;
    this.metrics = metrics;
    this.pending = pending;
    this.history = history;
    this.warnings = RepeatedWarnings.get(context.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AddSubscriber.class, this::onAddSubscriber)
        .onMessage(RemoveSubscriber.class, this::onRemoveSubscriber)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Count.class, this::onCount)
        .build();
  }

  private Behavior<Command> onAddSubscriber(AddSubscriber command) {
    Map<String, Outbox> subscribers = byTopic.get(command.topic());
    if (subscribers == null) {
      subscribers = new HashMap<>(4);
      byTopic.put(command.topic(), subscribers);
      metrics.topics.incrementAndGet();
      history.serve(command.topic());
      registrar.tell(new TopicRegistrar.TopicActive(command.topic()));
    }
    if (subscribers.put(command.outbox().connectionId(), command.outbox()) == null) {
      metrics.subscriptions.incrementAndGet();
    }
    if (command.replayTo() != null) {
      command.replayTo().tell(history.replay(command.topic(), command.cut()));
    }
    if (command.routableTo() != null) {
      registrar.tell(new TopicRegistrar.AwaitRoutable(command.topic(), command.routableTo()));
    }
    return this;
  }

  private Behavior<Command> onRemoveSubscriber(RemoveSubscriber command) {
    Map<String, Outbox> subscribers = byTopic.get(command.topic());
    if (subscribers == null || subscribers.remove(command.connectionId()) == null) {
      return this;
    }
    metrics.subscriptions.decrementAndGet();
    if (subscribers.isEmpty()) {
      byTopic.remove(command.topic());
      metrics.topics.decrementAndGet();
      history.unserve(command.topic());
      registrar.tell(new TopicRegistrar.TopicInactive(command.topic()));
    }
    return this;
  }

  private Behavior<Command> onDeliver(Deliver command) {
    try {
      fanOut(command.events());
    } finally {
      flushes.submit();
      pending.release(command.events().size(), Event.wireBytes(command.events()));
    }
    return this;
  }

  /** Linear in the shard's topics when patterns are given, in the named topics otherwise. */
  private Behavior<Command> onCount(Count command) {
    Map<String, Integer> counts = new HashMap<>();
    for (String topic : command.topics()) {
      Map<String, Outbox> subscribers = byTopic.get(topic);
      if (subscribers != null) {
        counts.put(topic, subscribers.size());
      }
    }
    if (!command.patterns().isEmpty()) {
      byTopic.forEach((topic, subscribers) -> {
        if (command.patterns().matches(topic)) {
          counts.put(topic, subscribers.size());
        }
      });
    }
    command.replyTo().tell(new Counts(counts));
    return this;
  }

  private void fanOut(List<Event> events) {
    long delivered = 0;
    long dropped = 0;
    for (Event event : events) {
      Map<String, Outbox> subscribers = byTopic.get(event.topic());
      if (subscribers == null) {
        metrics.eventsWithoutSubscribers.increment();
        if (history.keeps(event.topic())) {
          history.record(event.topic(), event.id(), SseFrames.event(event));
        }
        continue;
      }
      byte[] frame = SseFrames.event(event);
      history.record(event.topic(), event.id(), frame);
      for (Outbox outbox : subscribers.values()) {
        Outbox.Offer result = outbox.offer(frame, flushes);
        if (result == Outbox.Offer.QUEUED) {
          delivered++;
        } else if (result == Outbox.Offer.DROPPED) {
          dropped++;
          long drops = outbox.drops();
          if (drops % DROP_WARN_EVERY == 1) { // the counter check first: cheap on a hot path
            warnings.warn(getContext().getLog(), "slow-reader-drops", "Connections read too slowly: their buffers "
                + "are full and events for them are dropped (rtd_frontend_drops_total counts each); the latest on "
                + "topic {}", LogSafe.text(event.topic()));
          }
        }
        // CLOSED: the connection is ending; its RemoveSubscriber is on the way.
      }
    }
    metrics.deliveries.increment(delivered);
    metrics.drops.increment(dropped);
  }
}
