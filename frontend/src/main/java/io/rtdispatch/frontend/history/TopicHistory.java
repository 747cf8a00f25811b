package io.rtdispatch.frontend.history;

import io.rtdispatch.common.history.RecentRing;
import io.rtdispatch.frontend.history.History.Entry;

/**
 * One topic's recent events on this frontend, oldest first: the very frame arrays the fan-out
 * handed to subscribers, with their ids and arrival numbers ({@link RecentRing}), and whether the
 * topic is still served here. Written by the topic's subscription shard only; read by
 * connections looking up a last event id.
 */
final class TopicHistory extends RecentRing<Entry> {

  private boolean served = true;
  private boolean dropped;
  private long unservedSince;

  TopicHistory(long createdAt) {
    super(createdAt);
  }

  /** Appends an event; returns the bytes it added (0 once the ring was {@link #drop dropped}). */
  @Override
  public synchronized long add(Entry entry) {
    return dropped ? 0 : super.add(entry);
  }

  /** Empties the ring for good (it left the node's map); returns the bytes freed. */
  synchronized long drop() {
    dropped = true;
    long freed = 0;
    for (Entry entry : entries) {
      freed += entry.bytes();
    }
    entries.clear();
    return freed;
  }

  synchronized void served(boolean now, long nanos) {
    served = now;
    unservedSince = nanos;
  }

  /** True while the topic has local subscribers, or lost its last one less than {@code keepNanos} ago. */
  synchronized boolean retained(long nowNanos, long keepNanos) {
    return served || nowNanos - unservedSince < keepNanos;
  }
}
