package io.rtdispatch.common.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One topic's recent events on a node, oldest first, bounded by whoever owns it (the frontend's
 * and the dispatcher's histories, issue 10). Every method locks the ring, which is uncontended on
 * the path that adds to it.
 *
 * <p>{@link #coveredFrom()} is the arrival number after which the ring holds <em>every</em> event
 * of the topic that reached the node: given at creation, raised to each evicted event's number.
 * A replay from a cut at or above it is complete.
 *
 * @param <E> the retained event: its id, node-wide arrival number, arrival time and cost
 */
public class RecentRing<E extends RecentRing.Item> {

  /** What a ring keeps of one event. */
  public interface Item {
    String id();

    /** Node-wide arrival number. */
    long seq();

    /** Arrival time, {@link System#nanoTime()}. */
    long nanos();

    /** What it costs in the node's byte bound. */
    long bytes();
  }

  protected final ArrayDeque<E> entries = new ArrayDeque<>();
  private long coveredFrom;

  protected RecentRing(long coveredFrom) {
    this.coveredFrom = coveredFrom;
  }

  /** Appends an event; returns the bytes it added. */
  public synchronized long add(E entry) {
    entries.addLast(entry);
    return entry.bytes();
  }

  /** Evicts the oldest event if there is one; returns the bytes freed (0 when empty). */
  public synchronized long evictOldest() {
    E oldest = entries.pollFirst();
    if (oldest == null) {
      return 0;
    }
    coveredFrom = Math.max(coveredFrom, oldest.seq());
    evicted(oldest);
    return oldest.bytes();
  }

  /** Called, holding the lock, for each evicted event. */
  protected void evicted(E entry) {}

  /** Evicts events beyond {@code maxEvents} or that arrived before {@code cutoffNanos}; returns the bytes freed. */
  public synchronized long trim(int maxEvents, long cutoffNanos) {
    long freed = 0;
    while (!entries.isEmpty() && (entries.size() > maxEvents || entries.peekFirst().nanos() - cutoffNanos < 0)) {
      freed += evictOldest();
    }
    return freed;
  }

  /** The arrival number of the retained event with this id, or -1. Newest first: a reconnect asks for a recent one. */
  public synchronized long find(String id) {
    for (Iterator<E> it = entries.descendingIterator(); it.hasNext(); ) {
      E entry = it.next();
      if (entry.id().equals(id)) {
        return entry.seq();
      }
    }
    return -1;
  }

  /** The retained events that arrived after {@code cut}, oldest first. */
  public synchronized List<E> after(long cut) {
    List<E> newer = new ArrayList<>();
    for (Iterator<E> it = entries.descendingIterator(); it.hasNext(); ) {
      E entry = it.next();
      if (entry.seq() <= cut) {
        break;
      }
      newer.add(entry);
    }
    Collections.reverse(newer);
    return newer;
  }

  public synchronized long coveredFrom() {
    return coveredFrom;
  }

  public synchronized int size() {
    return entries.size();
  }
}
