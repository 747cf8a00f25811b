package io.rtdispatch.frontend.subscription;

import akka.actor.typed.ActorRef;
import io.rtdispatch.common.delivery.FrontendIntake;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.connection.Outbox;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscription table, sharded by topic over several {@link SubscriptionTable} actors (one per
 * core by default), and the frontend's {@link FrontendIntake}: events from dispatchers, over HTTP
 * or in-process, come in here and are split by shard. A topic always lands on the same shard, so
 * its events keep their order; different topics fan out in parallel.
 */
public final class SubscriptionShards implements FrontendIntake {

  private final List<ActorRef<SubscriptionTable.Command>> shards;
  private final PendingLimit pending;
  private final FrontendMetrics metrics;

  /** @param pending events taken in and not yet fanned out ({@code rtd.frontend.max-pending-events}) */
  public SubscriptionShards(List<ActorRef<SubscriptionTable.Command>> shards, PendingLimit pending,
      FrontendMetrics metrics) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("at least one subscription shard is needed");
    }
    this.shards = List.copyOf(shards);
    this.pending = pending;
    this.metrics = metrics;
  }

  public void subscribe(String topic, Outbox outbox) {
    shardOf(topic).tell(new SubscriptionTable.Subscribe(topic, outbox));
  }

  public void unsubscribe(String topic, String connectionId) {
    shardOf(topic).tell(new SubscriptionTable.Unsubscribe(topic, connectionId));
  }

  @Override
  public boolean offer(List<Event> events) {
    metrics.eventsReceived.increment(events.size());
    if (events.isEmpty()) {
      return true;
    }
    if (!pending.tryAcquire(events.size())) {
      metrics.deliveriesRefused.increment(events.size());
      return false;
    }
    if (shards.size() == 1) {
      shards.get(0).tell(new SubscriptionTable.Deliver(events));
      return true;
    }
    List<List<Event>> parts = new ArrayList<>(shards.size());
    for (int i = 0; i < shards.size(); i++) {
      parts.add(null);
    }
    for (Event event : events) {
      int shard = indexOf(event.topic());
      List<Event> part = parts.get(shard);
      if (part == null) {
        part = new ArrayList<>();
        parts.set(shard, part);
      }
      part.add(event);
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) != null) {
        shards.get(i).tell(new SubscriptionTable.Deliver(parts.get(i)));
      }
    }
    return true;
  }

  /** What a refused dispatcher is told (with a 429). */
  public String overloaded() {
    return pending.overloaded();
  }

  private ActorRef<SubscriptionTable.Command> shardOf(String topic) {
    return shards.get(indexOf(topic));
  }

  private int indexOf(String topic) {
    return Math.floorMod(topic.hashCode() * 0x9E3779B9, shards.size());
  }
}
