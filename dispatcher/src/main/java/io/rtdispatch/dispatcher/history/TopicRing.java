package io.rtdispatch.dispatcher.history;

import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.history.RecentRing;
import java.util.ArrayList;
import java.util.List;

/**
 * One topic's recent events on this dispatcher, in the order it routed them ({@link RecentRing}).
 * Written by the router only, read by history requests.
 *
 * <p>Two marks say from where the ring is gap-free: {@link #coveredFrom()}, an arrival number
 * after which it holds every event of the topic this dispatcher routed (for an id found here),
 * and {@link #gapUpTo()}, an id time (ms) such that it holds every such event of a later id time
 * (for an id found on another dispatcher). Evicting an event raises both.
 */
final class TopicRing extends RecentRing<TopicRing.Stored> {

  /** One retained event: its arrival number here, arrival time ({@link System#nanoTime()}) and id time (ms). */
  record Stored(Event event, long seq, long nanos, long millis) implements RecentRing.Item {
    @Override
    public String id() {
      return event.id();
    }

    /** What it costs in the node's byte bound: its wire size plus the record, the id string and the slot. */
    @Override
    public long bytes() {
      return event.wireBytes() + 2L * event.id().length() + 120;
    }
  }

  private long gapUpTo;

  TopicRing(long coveredFrom, long gapUpTo) {
    super(coveredFrom);
    this.gapUpTo = gapUpTo;
  }

  @Override
  protected void evicted(Stored stored) {
    gapUpTo = Math.max(gapUpTo, stored.millis());
  }

  /**
   * True if the ring is empty and its gap is older than {@code forgetBeforeMillis}: a new ring
   * would know as much, so it may go.
   */
  synchronized boolean stale(long forgetBeforeMillis) {
    return entries.isEmpty() && gapUpTo < forgetBeforeMillis;
  }

  /** The retained events whose id time is at least {@code millis}, other than {@code exceptId}, oldest first. */
  synchronized List<Event> fromMillis(long millis, String exceptId) {
    List<Event> newer = new ArrayList<>();
    for (Stored stored : entries) {
      if (stored.millis() >= millis && !stored.event().id().equals(exceptId)) {
        newer.add(stored.event());
      }
    }
    return newer;
  }

  synchronized long gapUpTo() {
    return gapUpTo;
  }
}
