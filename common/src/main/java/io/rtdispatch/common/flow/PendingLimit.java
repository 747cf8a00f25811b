package io.rtdispatch.common.flow;

import io.rtdispatch.common.problem.Problem;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work waiting in an actor's mailbox, in events and in bytes. Actor mailboxes are
 * unbounded, so the HTTP route that hands events to an actor takes permits first (one per event and
 * its {@link io.rtdispatch.common.event.Event#wireBytes}) and the actor returns them once it has
 * processed the events; when the actor falls behind, the route refuses the events (a
 * {@link Problem.Kind#BUSY} problem, {@link #overloaded}) instead of letting the mailbox grow
 * until the heap runs out. The byte bound is what keeps large events from doing that within the
 * event bound (100,000 events of 64 KiB would be 6.5 GB).
 */
public final class PendingLimit {

  private final long maxEvents;
  private final long maxBytes;
  private final String node;
  private final String work;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /**
   * @param maxEvents most events waiting, at least 1
   * @param maxBytes most bytes of events waiting, at least 1
   * @param node what is limited, for messages ("this dispatcher")
   * @param work what waiting events wait for ("routed")
   * @throws IllegalArgumentException for a bound below 1
   */
  public PendingLimit(long maxEvents, long maxBytes, String node, String work) {
    if (maxEvents < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a pending limit must be at least 1, got " + maxEvents + " events, "
          + maxBytes + " bytes");
    }
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.node = node;
    this.work = work;
  }

  /**
   * Takes permits for {@code count} events of {@code size} bytes in all, or none and returns false if
   * that would exceed a bound. A batch is always admitted when nothing is waiting, so one batch
   * larger than the byte bound is not refused forever.
   */
  public boolean tryAcquire(int count, long size) {
    long nowEvents = events.addAndGet(count);
    long nowBytes = bytes.addAndGet(size);
    boolean alone = nowEvents == count;
    if (!alone && (nowEvents > maxEvents || nowBytes > maxBytes)) {
      events.addAndGet(-count);
      bytes.addAndGet(-size);
      return false;
    }
    return true;
  }

  /** Returns the permits {@link #tryAcquire} took for these events. */
  public void release(int count, long size) {
    events.addAndGet(-count);
    bytes.addAndGet(-size);
  }

  /** Events waiting now. */
  public long pending() {
    return events.get();
  }

  /** Bytes of events waiting now. */
  public long pendingBytes() {
    return bytes.get();
  }

  /**
   * What a caller refused by {@link #tryAcquire} is told: a {@link Problem.Kind#BUSY} problem, as
   * the waiting events drain and the same request may be taken shortly.
   */
  public Problem overloaded() {
    return new Problem(Problem.Kind.BUSY, node + " is overloaded: " + events.get() + " events (" + bytes.get()
        + " bytes) are waiting to be " + work + ", the limits are " + maxEvents + " events and " + maxBytes
        + " bytes; retry shortly");
  }
}
