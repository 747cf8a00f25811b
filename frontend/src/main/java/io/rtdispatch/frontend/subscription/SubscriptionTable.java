package io.rtdispatch.frontend.subscription;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.stream.QueueOfferResult;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.connection.SseFrames;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node-local subscription table, topic → local connections, and the fan-out of events
 * delivered by dispatchers to them.
 *
 * <p>One actor owns the table, so subscribe, unsubscribe and delivery never race. It tells the
 * registrar when a topic gets its first local subscriber and when it loses its last; what the
 * registrar does with that (grace period, batching) is its business. Delivery encodes each
 * event's frame once and offers it to each subscriber's buffer without waiting: a full buffer
 * drops the frame for that one connection and counts it.
 */
public final class SubscriptionTable extends AbstractBehavior<SubscriptionTable.Command> {

  public sealed interface Command {}

  public record Subscribe(String topic, Subscriber subscriber) implements Command {}

  public record Unsubscribe(String topic, String connectionId) implements Command {}

  /** The connection ended: forget all its subscriptions. */
  public record RemoveConnection(String connectionId, Set<String> topics) implements Command {}

  /** Events from a dispatcher; their permits in the pending limit are returned once fanned out. */
  public record Deliver(List<Event> events) implements Command {}

  private static final long DROP_WARN_EVERY = 1000;

  private final ActorRef<TopicRegistrar.Command> registrar;
  private final FrontendMetrics metrics;
  private final PendingLimit pending;
  private final Map<String, Map<String, Subscriber>> byTopic = new HashMap<>();

  /** Resumes after an unexpected failure: a bug in handling one message must not cost every subscription. */
  public static Behavior<Command> create(ActorRef<TopicRegistrar.Command> registrar, FrontendMetrics metrics,
      PendingLimit pending) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new SubscriptionTable(context, registrar, metrics,
        pending))).onFailure(SupervisorStrategy.resume());
  }

  private SubscriptionTable(ActorContext<Command> context, ActorRef<TopicRegistrar.Command> registrar,
      FrontendMetrics metrics, PendingLimit pending) {
    super(context);
    this.registrar = registrar;
    this.metrics = metrics;
    this.pending = pending;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(RemoveConnection.class, this::onRemoveConnection)
        .onMessage(Deliver.class, this::onDeliver)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    Map<String, Subscriber> subscribers = byTopic.get(command.topic());
    if (subscribers == null) {
      subscribers = new HashMap<>();
      byTopic.put(command.topic(), subscribers);
      metrics.topics.set(byTopic.size());
      registrar.tell(new TopicRegistrar.TopicActive(command.topic()));
    }
    if (subscribers.put(command.subscriber().connectionId(), command.subscriber()) == null) {
      metrics.subscriptions.incrementAndGet();
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    remove(command.topic(), command.connectionId());
    return this;
  }

  private Behavior<Command> onRemoveConnection(RemoveConnection command) {
    for (String topic : command.topics()) {
      remove(topic, command.connectionId());
    }
    return this;
  }

  private void remove(String topic, String connectionId) {
    Map<String, Subscriber> subscribers = byTopic.get(topic);
    if (subscribers == null || subscribers.remove(connectionId) == null) {
      return;
    }
    metrics.subscriptions.decrementAndGet();
    if (subscribers.isEmpty()) {
      byTopic.remove(topic);
      metrics.topics.set(byTopic.size());
      registrar.tell(new TopicRegistrar.TopicInactive(topic));
    }
  }

  private Behavior<Command> onDeliver(Deliver command) {
    try {
      fanOut(command.events());
    } finally {
      pending.release(command.events().size());
    }
    return this;
  }

  private void fanOut(List<Event> events) {
    long delivered = 0;
    long dropped = 0;
    for (Event event : events) {
      Map<String, Subscriber> subscribers = byTopic.get(event.topic());
      if (subscribers == null) {
        metrics.eventsWithoutSubscribers.increment();
        getContext().getLog().debug("Event {} for topic {} has no local subscriber", event.id(), event.topic());
        continue;
      }
      ByteString frame = SseFrames.event(event);
      for (Subscriber subscriber : subscribers.values()) {
        QueueOfferResult result = subscriber.buffer().offer(frame);
        if (result == QueueOfferResult.enqueued()) {
          delivered++;
        } else if (result == QueueOfferResult.dropped()) {
          dropped++;
          long drops = subscriber.countDrop();
          if (drops % DROP_WARN_EVERY == 1) {
            getContext().getLog().warn("Connection {} reads too slowly: its buffer is full, dropped event {} on "
                + "topic {} ({} drops so far)", subscriber.connectionId(), event.id(), event.topic(), drops);
          }
        }
        // QueueClosed: the connection is ending; its RemoveConnection is on the way.
      }
    }
    metrics.deliveries.increment(delivered);
    metrics.drops.increment(dropped);
  }
}
