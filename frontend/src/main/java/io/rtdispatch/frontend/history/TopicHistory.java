package io.rtdispatch.frontend.history;

import io.rtdispatch.frontend.history.History.Entry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One topic's recent events on this frontend, oldest first: the very frame arrays the fan-out
 * handed to subscribers, with their ids and arrival numbers. Written by the topic's subscription
 * shard only; read by connections looking up a last event id. Every method locks this ring, which
 * is uncontended on the fan-out path.
 *
 * <p>{@link #coveredFrom()} is the arrival number after which this ring holds <em>every</em> event
 * of the topic that reached this node: the node-wide counter when the ring was created, raised to
 * each evicted event's number. A replay from a cut at or above it is complete.
 */
final class TopicHistory {

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long coveredFrom;
  private boolean served = true;
  private boolean dropped;
  private long unservedSince;

  TopicHistory(long createdAt) {
    this.coveredFrom = createdAt;
  }

  /** Appends an event; returns the bytes it added (0 once the ring was {@link #drop dropped}). */
  synchronized long add(Entry entry) {
    if (dropped) {
      return 0;
    }
    entries.addLast(entry);
    return entry.bytes();
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

  /** Evicts the oldest event if there is one; returns the bytes freed (0 when empty). */
  synchronized long evictOldest() {
    Entry oldest = entries.pollFirst();
    if (oldest == null) {
      return 0;
    }
    coveredFrom = Math.max(coveredFrom, oldest.seq());
    return oldest.bytes();
  }

  /** Evicts events beyond {@code maxEvents} or that arrived before {@code cutoffNanos}; returns the bytes freed. */
  synchronized long trim(int maxEvents, long cutoffNanos) {
    long freed = 0;
    while (!entries.isEmpty() && (entries.size() > maxEvents || entries.peekFirst().nanos() - cutoffNanos < 0)) {
      freed += evictOldest();
    }
    return freed;
  }

  /** The arrival number of the retained event with this id, or -1. Newest first: a reconnect asks for a recent one. */
  synchronized long find(String id) {
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.id().equals(id)) {
        return entry.seq();
      }
    }
    return -1;
  }

  /** The retained events that arrived after {@code cut}, oldest first. */
  synchronized List<Entry> after(long cut) {
    List<Entry> newer = new ArrayList<>();
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.seq() <= cut) {
        break;
      }
      newer.add(entry);
    }
    Collections.reverse(newer);
    return newer;
  }

  synchronized long coveredFrom() {
    return coveredFrom;
  }

  synchronized int size() {
    return entries.size();
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
