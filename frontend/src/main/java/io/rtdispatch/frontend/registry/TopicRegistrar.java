package io.rtdispatch.frontend.registry;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps this frontend's entries in the replicated registry equal to the topics it has local
 * subscribers for.
 *
 * <p>A topic is registered when it gets its first local subscriber and unregistered only after
 * {@code unsubscribe-grace} without one, so a viewer reloading the page does not make the topic
 * flap. A change is written at once when the registrar has been quiet for {@code flush-interval};
 * changes arriving within that interval of a write are gathered into the next one (one update per
 * bucket), so a lone subscription is routable quickly and a storm of them costs few writes.
 * Every {@code reconcile-interval} each bucket is read back and repaired (missing entries re-added,
 * stale ones removed), so a lost write or a wrong cleanup never leaves a topic unroutable for
 * long. On shutdown every entry is removed before the streams close.
 *
 * <p>{@link AwaitRoutable} answers once a write adding the topic has been acknowledged by every
 * node of the data center, so dispatchers route it (see {@link RoutableWaiters}); a topic not yet
 * confirmed is (re)written for the asker. The asker bounds the wait.
 *
 * <p>The node's HTTP endpoint, which dispatchers need to reach it, is published by
 * {@link EndpointPublisher}; this actor handles topics only.
 */
public final class TopicRegistrar extends AbstractBehavior<TopicRegistrar.Command> {

  public sealed interface Command {}

  public record TopicActive(String topic) implements Command {}

  public record TopicInactive(String topic) implements Command {}

  /** Asks to hear {@link Routable} for an active topic once dispatchers route it to this node. */
  public record AwaitRoutable(String topic, ActorRef<Routable> replyTo) implements Command {}

  /** The answer to {@link AwaitRoutable}: false if the registry write was not acknowledged by every node. */
  public record Routable(String topic, boolean routable) {}

  /** Removes every entry of this node and stops registering; replies when the writes are done. */
  public record UnregisterAll(ActorRef<Done> replyTo) implements Command {}

  private enum Tick implements Command { FLUSH, SWEEP, RECONCILE }

  private record BucketRead(int bucket, Replicator.GetResponse<ORSet<String>> response) implements Command {}

  private record BucketWritten(Replicator.UpdateResponse<ORSet<String>> response, Map<String, Boolean> changes)
      implements Command {}

  private final ReplicatorMessageAdapter<Command, ORSet<String>> replicator;
  private final TimerScheduler<Command> timers;
  private final RegistrySettings settings;
  private final RegistryKeys keys;
  private final SelfUniqueAddress self;
  private final String prefix;
  private final FrontendMetrics metrics;
  private final RoutableWaiters routable;

  private final Set<String> active = new HashSet<>();
  private final Map<String, Long> leaving = new HashMap<>();
  private Map<Integer, Map<String, Boolean>> pending = new HashMap<>();
  private final Map<Integer, List<String>> reconciling = new HashMap<>();
  private final List<ActorRef<Done>> unregisterWaiters = new ArrayList<>();
  private int writesInFlight;
  private boolean stopping;
  private boolean flushQueued;
  private long lastFlush;

  /**
   * @param settle how long after a write was acknowledged it counts as routable
   *     ({@code rtd.frontend.routable-settle}, at least Distributed Data's notify-subscribers-interval)
   */
  public static Behavior<Command> create(RegistrySettings settings, FrontendMetrics metrics, Duration settle) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        DistributedData.<Command, ORSet<String>>withReplicatorMessageAdapter(replicator ->
            new TopicRegistrar(context, replicator, timers, settings, metrics, settle))));
  }

  private TopicRegistrar(ActorContext<Command> context, ReplicatorMessageAdapter<Command, ORSet<String>> replicator,
      TimerScheduler<Command> timers, RegistrySettings settings, FrontendMetrics metrics, Duration settle) {
    super(context);
    context.setLoggerName(TopicRegistrar.class);
    this.replicator = replicator;
    this.timers = timers;
    this.settings = settings;
    this.keys = settings.keys();
    this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.prefix = Binding.prefix(Binding.nodeId(self.uniqueAddress()));
    this.metrics = metrics;
    this.routable = new RoutableWaiters(context, settle);
    this.lastFlush = System.nanoTime() - settings.flushInterval().toNanos();
    Duration sweep = settings.unsubscribeGrace().dividedBy(4);
    timers.startTimerWithFixedDelay(Tick.SWEEP, sweep.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : sweep);
    timers.startTimerWithFixedDelay(Tick.RECONCILE, settings.reconcileInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(TopicActive.class, this::onTopicActive)
        .onMessage(TopicInactive.class, this::onTopicInactive)
        .onMessage(AwaitRoutable.class, this::onAwaitRoutable)
        .onMessage(UnregisterAll.class, this::onUnregisterAll)
        .onMessageEquals(Tick.FLUSH, this::onFlush)
        .onMessageEquals(Tick.SWEEP, this::onSweep)
        .onMessageEquals(Tick.RECONCILE, this::onReconcile)
        .onMessage(BucketRead.class, this::onBucketRead)
        .onMessage(BucketWritten.class, this::onBucketWritten)
        .build();
  }

  private Behavior<Command> onTopicActive(TopicActive event) {
    if (stopping) {
      return this;
    }
    active.add(event.topic());
    if (leaving.remove(event.topic()) == null) {
      schedule(event.topic(), true);
    }
    return this;
  }

  private Behavior<Command> onTopicInactive(TopicInactive event) {
    if (!stopping && active.remove(event.topic())) {
      leaving.put(event.topic(), System.nanoTime());
    }
    return this;
  }

  private Behavior<Command> onAwaitRoutable(AwaitRoutable ask) {
    if (stopping || !wanted(ask.topic())) {
      ask.replyTo().tell(new Routable(ask.topic(), false));
    } else if (routable.await(ask.topic(), ask.replyTo())
        && !Boolean.TRUE.equals(pending.getOrDefault(keys.bucketOf(ask.topic()), Map.of()).get(ask.topic()))) {
      schedule(ask.topic(), true);
    }
    return this;
  }

  private Behavior<Command> onSweep() {
    long cutoff = System.nanoTime() - settings.unsubscribeGrace().toNanos();
    leaving.entrySet().removeIf(entry -> {
      boolean expired = entry.getValue() - cutoff <= 0;
      if (expired) {
        schedule(entry.getKey(), false);
      }
      return expired;
    });
    return this;
  }

  /** Queues a registration (add) or unregistration for the next flush; the latest wins. */
  private void schedule(String topic, boolean add) {
    if (!add) {
      routable.unregistering(topic);
    }
    pending.computeIfAbsent(keys.bucketOf(topic), b -> new HashMap<>()).put(topic, add);
    if (flushQueued) {
      return;
    }
    flushQueued = true;
    long quiet = System.nanoTime() - lastFlush;
    if (quiet >= settings.flushInterval().toNanos()) {
      // Behind whatever is already in the mailbox, so a burst still goes out as one write.
      getContext().getSelf().tell(Tick.FLUSH);
    } else {
      timers.startSingleTimer(Tick.FLUSH, settings.flushInterval().minusNanos(quiet));
    }
  }

  private Behavior<Command> onFlush() {
    flushQueued = false;
    lastFlush = System.nanoTime();
    if (pending.isEmpty()) {
      return this;
    }
    Map<Integer, Map<String, Boolean>> batch = pending;
    pending = new HashMap<>();
    batch.forEach(this::write);
    metrics.registeredTopics.set(active.size() + leaving.size());
    return this;
  }

  private void write(int bucket, Map<String, Boolean> changes) {
    // The modify function runs in the replicator: it may only touch its own copy of the changes.
    writesInFlight++;
    replicator.askUpdate(
        replyTo -> new Replicator.Update<>(keys.key(bucket), ORSet.create(), settings.consistency(), replyTo,
            set -> apply(set, changes)),
        response -> new BucketWritten(response, changes));
  }

  private ORSet<String> apply(ORSet<String> set, Map<String, Boolean> changes) {
    ORSet<String> result = set;
    for (Map.Entry<String, Boolean> change : changes.entrySet()) {
      String binding = prefix + change.getKey();
      result = change.getValue() ? result.add(self, binding) : result.remove(self, binding);
    }
    return result;
  }

  private Behavior<Command> onBucketWritten(BucketWritten written) {
    writesInFlight--;
    Replicator.UpdateResponse<ORSet<String>> response = written.response();
    routable.written(written.changes(), response instanceof Replicator.UpdateSuccess);
    if (response instanceof Replicator.UpdateSuccess) {
      metrics.registryWrites.increment();
    } else if (response instanceof Replicator.UpdateTimeout) {
      metrics.registryWriteTimeouts.increment();
      getContext().getLog().debug("Registry write to {} not acknowledged by every node in time; it spreads by gossip",
          response.key().id());
    } else {
      getContext().getLog().error("Registry write to {} failed: {}", response.key().id(), response);
    }
    if (writesInFlight == 0 && pending.isEmpty() && !unregisterWaiters.isEmpty()) {
      getContext().getLog().info("Unregistered every topic of this node");
      unregisterWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
      unregisterWaiters.clear();
    }
    return this;
  }

  private Behavior<Command> onReconcile() {
    if (stopping) {
      return this;
    }
    reconciling.clear();
    for (String topic : active) {
      reconciling.computeIfAbsent(keys.bucketOf(topic), b -> new ArrayList<>()).add(topic);
    }
    for (String topic : leaving.keySet()) {
      reconciling.computeIfAbsent(keys.bucketOf(topic), b -> new ArrayList<>()).add(topic);
    }
    for (int bucket = 0; bucket < keys.bucketCount(); bucket++) {
      int b = bucket;
      replicator.askGet(replyTo -> new Replicator.Get<>(keys.key(b), Replicator.readLocal(), replyTo),
          response -> new BucketRead(b, response));
    }
    return this;
  }

  /** Compares one bucket as stored with what this node wants in it, and queues the difference. */
  private Behavior<Command> onBucketRead(BucketRead read) {
    if (stopping) {
      return this;
    }
    Set<String> stored = new HashSet<>();
    if (read.response() instanceof Replicator.GetSuccess<ORSet<String>> success) {
      scala.collection.Iterator<String> it = success.dataValue().elements().iterator();
      while (it.hasNext()) {
        String binding = it.next();
        if (binding.startsWith(prefix)) {
          stored.add(binding.substring(prefix.length()));
        }
      }
    }
    Map<String, Boolean> queued = pending.getOrDefault(read.bucket(), Map.of());
    int repaired = 0;
    for (String topic : stored) {
      if (!wanted(topic) && !queued.containsKey(topic)) {
        schedule(topic, false);
        repaired++;
      }
    }
    for (String topic : reconciling.getOrDefault(read.bucket(), List.of())) {
      if (wanted(topic) && !stored.contains(topic) && !queued.containsKey(topic)) {
        schedule(topic, true);
        repaired++;
      }
    }
    reconciling.remove(read.bucket());
    if (repaired > 0) {
      metrics.registryRepairs.increment(repaired);
      getContext().getLog().info("Reconciliation repaired {} entries in registry bucket {}", repaired, read.bucket());
    }
    return this;
  }

  private boolean wanted(String topic) {
    return active.contains(topic) || leaving.containsKey(topic);
  }

  private Behavior<Command> onUnregisterAll(UnregisterAll command) {
    unregisterWaiters.add(command.replyTo());
    if (!stopping) {
      stopping = true;
      routable.refuseAll();
      getContext().getLog().info("Unregistering {} topics before shutdown", active.size() + leaving.size());
      active.forEach(topic -> schedule(topic, false));
      leaving.keySet().forEach(topic -> schedule(topic, false));
      active.clear();
      leaving.clear();
      timers.cancel(Tick.FLUSH);
      onFlush();
    }
    if (writesInFlight == 0 && pending.isEmpty()) {
      unregisterWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
      unregisterWaiters.clear();
    }
    return this;
  }
}
