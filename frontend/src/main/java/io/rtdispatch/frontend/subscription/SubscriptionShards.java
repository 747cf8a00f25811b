package io.rtdispatch.frontend.subscription;

import akka.actor.typed.ActorRef;
import io.rtdispatch.common.delivery.FrontendIntake;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.EventBatchIntake;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.connection.Outbox;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import io.rtdispatch.common.presence.PresenceQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The subscription table, sharded by topic over several {@link SubscriptionTable} actors (one per
 * core by default), and the frontend's {@link FrontendIntake}: events from dispatchers, over HTTP
 * or in-process, come in here and are split by shard. A topic always lands on the same shard, so
 * its events keep their order; different topics fan out in parallel.
 */
public final class SubscriptionShards implements FrontendIntake {

  private final List<ActorRef<SubscriptionTable.Command>> shards;
  private final EventBatchIntake intake;
  private final FrontendMetrics metrics;

  /** @param pending events taken in and not yet fanned out ({@code rtd.frontend.max-pending-events}) */
  public SubscriptionShards(List<ActorRef<SubscriptionTable.Command>> shards, PendingLimit pending,
      FrontendMetrics metrics) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("at least one subscription shard is needed");
    }
    this.shards = List.copyOf(shards);
    this.metrics = metrics;
    this.intake = new EventBatchIntake(pending, refused -> {
      metrics.eventsReceived.increment(refused);
      metrics.deliveriesRefused.increment(refused);
    });
  }

  public void subscribe(String topic, Outbox outbox) {
    shardOf(topic).tell(new SubscriptionTable.AddSubscriber(topic, outbox));
  }

  /** Subscribes with a replay and a routable answer: see {@link SubscriptionTable.AddSubscriber}. */
  public void subscribe(SubscriptionTable.AddSubscriber add) {
    shardOf(add.topic()).tell(add);
  }

  public void unsubscribe(String topic, String connectionId) {
    shardOf(topic).tell(new SubscriptionTable.RemoveSubscriber(topic, connectionId));
  }

  /** The pending limit in front of the shards; {@code POST /internal/deliver} takes batches through it. */
  public EventBatchIntake intake() {
    return intake;
  }

  @Override
  public boolean offer(List<Event> events) {
    return intake.admit(events, this::fanOut);
  }

  /**
   * Splits admitted events (their pending permits already taken, see {@link #intake()}) by shard
   * and hands each shard its part; each shard returns its permits once it has fanned them out.
   */
  public void fanOut(List<Event> events) {
    metrics.eventsReceived.increment(events.size());
    metrics.recordLag(events);
    if (shards.size() == 1) {
      shards.get(0).tell(new SubscriptionTable.Deliver(events));
      return;
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
  }

  /**
   * The local subscriber counts of {@code query}'s topics and of the topics matching its patterns
   * (every shard is asked then, otherwise only the topics' shards), topics without subscribers
   * left out. Fails if a shard does not answer within {@code timeout}.
   */
  public CompletionStage<Map<String, Integer>> count(PresenceQuery query, Duration timeout, Scheduler scheduler) {
    Map<Integer, List<String>> byShard = new HashMap<>();
    if (!query.patterns().isEmpty()) {
      for (int i = 0; i < shards.size(); i++) {
        byShard.put(i, new ArrayList<>());
      }
    }
    for (String topic : query.topics()) {
      byShard.computeIfAbsent(indexOf(topic), i -> new ArrayList<>()).add(topic);
    }
    CompletableFuture<Map<String, Integer>> total = CompletableFuture.completedFuture(new HashMap<>());
    for (Map.Entry<Integer, List<String>> part : byShard.entrySet()) {
      CompletionStage<SubscriptionTable.Counts> counts = AskPattern.ask(shards.get(part.getKey()),
          replyTo -> new SubscriptionTable.Count(part.getValue(), query.patterns(), replyTo), timeout, scheduler);
      total = total.thenCombine(counts, (sum, shard) -> {
        sum.putAll(shard.subscribers()); // a topic lives on one shard: no overlaps
        return sum;
      });
    }
    return total;
  }

  private ActorRef<SubscriptionTable.Command> shardOf(String topic) {
    return shards.get(indexOf(topic));
  }

  private int indexOf(String topic) {
    return Math.floorMod(topic.hashCode() * 0x9E3779B9, shards.size());
  }
}
