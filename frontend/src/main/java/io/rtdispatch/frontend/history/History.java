package io.rtdispatch.frontend.history;

import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.history.RecentRing;
import io.rtdispatch.common.metrics.Metrics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This frontend's recent events of the topics it serves, for clients that reconnect with a
 * {@code Last-Event-ID} (issue 10): per topic a ring of the frames the fan-out wrote, bounded by
 * {@link HistorySettings} (time window and count per topic, bytes per node).
 *
 * <p>A topic's ring starts when it gets its first local subscriber ({@link #serve}) and is
 * dropped once it has had none for the registry's {@code unsubscribe-grace} ({@link #unserve}):
 * until then the topic stays registered, dispatchers keep routing its events here and the ring
 * keeps them, so a lone viewer reconnecting within the grace finds what it missed; after it, the
 * node no longer receives the topic and the ring would have a gap. Events of
 * topics this node never served are not kept: a client reconnecting from another frontend is
 * recovered from the dispatchers' histories instead ({@link DispatcherHistories},
 * docs/architecture.md "Recovery").
 *
 * <p>Every event that arrives gets an arrival number from one node-wide counter; a last event
 * id found in any requested topic's ring gives the cut, and each topic replays the events that
 * arrived after it. When the node's byte bound is reached, a topic's new event evicts that
 * topic's oldest; others keep theirs until their window ends.
 *
 * <p>Thread-safe: a topic's ring is written by its subscription shard only; lookups come from
 * connection actors, the sweep from the scheduler.
 */
public final class History {

  /** One retained event: its id, arrival number, arrival time ({@link System#nanoTime()}) and frame. */
  public record Entry(String id, long seq, long nanos, byte[] frame) implements RecentRing.Item {
    /** What the entry costs in the node's byte bound: the frame plus the entry, its id and the ring's slot. */
    @Override
    public long bytes() {
      return frame.length + 2L * id.length() + 96;
    }
  }

  /**
   * What one topic can replay from a cut: its retained events after the cut, oldest first, and
   * whether they are all the events of the topic that reached this node after it.
   */
  public record Replay(String topic, List<Entry> entries, boolean complete) {}

  private final HistorySettings settings;
  private final long keepUnservedNanos;
  private final ConcurrentMap<String, TopicHistory> rings = new ConcurrentHashMap<>();
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Counter complete;
  private final Counter incomplete;

  /** @param unsubscribeGrace how long the registry keeps routing a topic here after its last subscriber left */
  public History(HistorySettings settings, Duration unsubscribeGrace, Metrics metrics) {
    this.settings = settings;
    this.keepUnservedNanos = Math.min(settings.window().toNanos(), unsubscribeGrace.toNanos());
    metrics.gauge("rtd.frontend.history.bytes", "Bytes of events kept for recovery (rtd.frontend.history)", bytes::get);
    metrics.gauge("rtd.frontend.history.events", "Events kept for recovery, all topics",
        () -> rings.values().stream().mapToLong(TopicHistory::size).sum());
    metrics.gauge("rtd.frontend.history.limit.bytes", "rtd.frontend.history.max-bytes in effect", settings::maxBytes);
    complete = metrics.counter("rtd.frontend.recoveries", "Reconnects with a last event id", "result", "complete");
    incomplete = metrics.counter("rtd.frontend.recoveries", "Reconnects with a last event id", "result", "incomplete");
  }

  /** The topic has a local subscriber (again): keep its events from now on. Called by its shard. */
  public void serve(String topic) {
    if (settings.enabled()) {
      long now = System.nanoTime();
      rings.compute(topic, (t, ring) -> {
        boolean usable = ring != null && ring.retained(now, keepUnservedNanos);
        if (ring != null && !usable) {
          bytes.addAndGet(-ring.drop()); // unserved past the grace: it may have missed events since
        }
        TopicHistory kept = usable ? ring : new TopicHistory(arrivals.get());
        kept.served(true, 0);
        return kept;
      });
    }
  }

  /** The topic lost its last local subscriber: its events are kept for the unsubscribe grace. Called by its shard. */
  public void unserve(String topic) {
    TopicHistory ring = rings.get(topic);
    if (ring != null) {
      ring.served(false, System.nanoTime());
    }
  }

  /** True if {@link #record} keeps the topic's events (it is served, or was within the window). */
  public boolean keeps(String topic) {
    return rings.containsKey(topic);
  }

  /** Keeps an event of a served topic (its frame as sent); does nothing for other topics. Called by its shard. */
  public void record(String topic, String id, byte[] frame) {
    TopicHistory ring = rings.get(topic);
    if (ring == null) {
      return;
    }
    long now = System.nanoTime();
    long added = ring.add(new Entry(id, arrivals.incrementAndGet(), now, frame));
    long freed = ring.trim(settings.maxEventsPerTopic(), now - settings.window().toNanos());
    long total = bytes.addAndGet(added - freed);
    while (total > settings.maxBytes()) {
      long evicted = ring.evictOldest();
      if (evicted == 0) {
        break;
      }
      total = bytes.addAndGet(-evicted);
    }
  }

  /**
   * The arrival number of the event {@code lastEventId} in the first of {@code topics} that still
   * holds it: the cut to replay from; -1 when none does (then nothing can be replayed).
   */
  public long find(Collection<String> topics, String lastEventId) {
    for (String topic : topics) {
      TopicHistory ring = rings.get(topic);
      long seq = ring == null ? -1 : ring.find(lastEventId);
      if (seq >= 0) {
        return seq;
      }
    }
    return -1;
  }

  /**
   * The topic's events after {@code cut} (from {@link #find}); a negative cut replays nothing and
   * is incomplete. Called by the topic's shard, in the same message that subscribes the
   * connection, so the replay and the live stream neither overlap nor leave a gap.
   */
  public Replay replay(String topic, long cut) {
    TopicHistory ring = cut < 0 ? null : rings.get(topic);
    if (ring == null) {
      return new Replay(topic, List.of(), false);
    }
    return new Replay(topic, ring.after(cut), ring.coveredFrom() <= cut);
  }

  /** Counts a reconnect that asked for recovery, by whether it was complete. */
  public void recovered(boolean wasComplete) {
    (wasComplete ? complete : incomplete).increment();
  }

  /**
   * Evicts events older than the window and drops the rings of topics unserved for a window.
   * Called periodically ({@link #sweepInterval()}).
   */
  public void sweep() {
    long now = System.nanoTime();
    long window = settings.window().toNanos();
    for (String topic : rings.keySet()) {
      rings.computeIfPresent(topic, (t, ring) -> {
        boolean keep = ring.retained(now, keepUnservedNanos);
        bytes.addAndGet(-(keep ? ring.trim(settings.maxEventsPerTopic(), now - window) : ring.drop()));
        return keep ? ring : null;
      });
    }
  }

  /** How often to {@link #sweep}: an eighth of the window or the grace, so nothing outlives its bound by more. */
  public Duration sweepInterval() {
    Duration eighth = Duration.ofNanos(Math.min(settings.window().toNanos(), keepUnservedNanos) / 8);
    return eighth.isZero() ? Duration.ofSeconds(1) : eighth;
  }
}
