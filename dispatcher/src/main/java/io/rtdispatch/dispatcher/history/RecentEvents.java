package io.rtdispatch.dispatcher.history;

import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventIds;
import io.rtdispatch.common.history.HistorySource;
import io.rtdispatch.common.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * This dispatcher's recent events of every topic it routed (local publishes, peer data centers'
 * and presence events alike, whether or not a frontend had subscribers), so a frontend can recover
 * a client that reconnects to it after its previous frontend went away (issue 10,
 * docs/architecture.md "Recovery"). Bounded by {@link HistoryBounds}: a time window and a count per
 * topic, and bytes per node; when the byte bound is reached a topic's new event evicts that
 * topic's oldest.
 *
 * <p>Thread-safe: {@link #record} is called by the router, {@link #after} by history requests,
 * {@link #sweep} by the scheduler.
 */
public final class RecentEvents implements HistorySource {

  private final HistoryBounds bounds;
  private final LongSupplier wallClock;
  private final long startedMillis;
  private final ConcurrentMap<String, TopicRing> rings = new ConcurrentHashMap<>();
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** @param wallClock ms since the epoch ({@code System::currentTimeMillis}; tests pass their own) */
  public RecentEvents(HistoryBounds bounds, Metrics metrics, LongSupplier wallClock) {
    this.bounds = bounds;
    this.wallClock = wallClock;
    this.startedMillis = wallClock.getAsLong();
    metrics.gauge("rtd.dispatcher.history.bytes", "Bytes of events kept for recovery (rtd.dispatcher.history)",
        bytes::get);
    metrics.gauge("rtd.dispatcher.history.events", "Events kept for recovery, all topics", this::events);
    metrics.gauge("rtd.dispatcher.history.limit.bytes", "rtd.dispatcher.history.max-bytes in effect", bounds::maxBytes);
  }

  /** Keeps {@code events} (just routed, in order). Called by the router only. */
  public void record(List<Event> events) {
    if (!bounds.enabled()) {
      return;
    }
    long now = System.nanoTime();
    long cutoff = now - bounds.window().toNanos();
    for (Event event : events) {
      TopicRing.Stored stored = new TopicRing.Stored(event, arrivals.incrementAndGet(), now,
          EventIds.millisOf(event.id()));
      long[] change = new long[1];
      // compute: atomic with the sweep dropping the ring, so no event goes into a ring that left the map.
      TopicRing ring = rings.compute(event.topic(), (topic, existing) -> {
        TopicRing kept = existing != null ? existing : new TopicRing(stored.seq() - 1, gapBeforeNew());
        change[0] = kept.add(stored) - kept.trim(bounds.maxEventsPerTopic(), cutoff);
        return kept;
      });
      long total = bytes.addAndGet(change[0]);
      while (total > bounds.maxBytes()) {
        long evicted = ring.evictOldest();
        if (evicted == 0) {
          break;
        }
        total = bytes.addAndGet(-evicted);
      }
    }
  }

  /**
   * Id time (ms) up to which a topic without a ring may have had events here: before this
   * dispatcher started, or older than the window (the sweep drops a ring only once its gap is that old).
   */
  private long gapBeforeNew() {
    return Math.max(startedMillis, wallClock.getAsLong() - bounds.window().toMillis()) - 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For a topic whose history holds the id: the events routed after it. For the others: those
   * whose id time is at least the id's (ids of one millisecond from different dispatchers cannot be
   * ordered, so such an event may be one the client had). An id of another shape, or a disabled
   * history, gives nothing complete.
   */
  @Override
  public Answer after(List<String> topics, String lastEventId) {
    long idMillis = EventIds.millisOf(lastEventId);
    if (!bounds.enabled() || idMillis < 0) {
      return Answer.NONE;
    }
    boolean found = false;
    Set<String> complete = new HashSet<>();
    List<Event> events = new ArrayList<>();
    for (String topic : new HashSet<>(topics)) {
      TopicRing ring = rings.get(topic);
      if (ring == null) {
        if (gapBeforeNew() < idMillis) {
          complete.add(topic);
        }
        continue;
      }
      long seq = ring.find(lastEventId);
      found |= seq >= 0;
      events.addAll(seq >= 0 ? ring.after(seq).stream().map(TopicRing.Stored::event).toList()
          : ring.fromMillis(idMillis, lastEventId));
      if (seq >= 0 ? ring.coveredFrom() <= seq : ring.gapUpTo() < idMillis) {
        complete.add(topic);
      }
    }
    return new Answer(found, Set.copyOf(complete), events);
  }

  /** Evicts events older than the window and drops stale empty rings. Called every {@link #sweepInterval()}. */
  public void sweep() {
    long cutoff = System.nanoTime() - bounds.window().toNanos();
    long forgetBefore = wallClock.getAsLong() - bounds.window().toMillis();
    for (String topic : rings.keySet()) {
      rings.computeIfPresent(topic, (t, ring) -> {
        bytes.addAndGet(-ring.trim(bounds.maxEventsPerTopic(), cutoff));
        return ring.stale(forgetBefore) ? null : ring;
      });
    }
  }

  /** An eighth of the window (at least 100 ms), so nothing outlives its bound by more. */
  public Duration sweepInterval() {
    Duration eighth = bounds.window().dividedBy(8);
    return eighth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : eighth;
  }

  /** Events held, all topics. */
  public long events() {
    return rings.values().stream().mapToLong(TopicRing::size).sum();
  }

  /** Bytes held, as counted against {@code max-bytes}. */
  public long bytes() {
    return bytes.get();
  }
}
