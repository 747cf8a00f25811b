package io.rtdispatch.common.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the work waiting in an actor's mailbox. Actor mailboxes are unbounded, so the HTTP route
 * that hands events to an actor takes a permit per event first and the actor returns the permits
 * once it has processed them; when the actor falls behind, the route answers 429 instead of
 * letting the mailbox grow until the heap runs out.
 */
public final class PendingLimit {

  private final long max;
  private final String node;
  private final String work;
  private final AtomicLong pending = new AtomicLong();

  /**
   * @param node what is limited, for messages ("this dispatcher")
   * @param work what waiting events wait for ("routed")
   */
  public PendingLimit(long max, String node, String work) {
    if (max < 1) {
      throw new IllegalArgumentException("a pending limit must be at least 1, got " + max);
    }
    this.max = max;
    this.node = node;
    this.work = work;
  }

  /** Takes {@code events} permits, or none and returns false if that would exceed the limit. */
  public boolean tryAcquire(int events) {
    long now = pending.addAndGet(events);
    if (now > max && now != events) {
      pending.addAndGet(-events);
      return false;
    }
    return true;
  }

  public void release(int events) {
    pending.addAndGet(-events);
  }

  public long pending() {
    return pending.get();
  }

  public long max() {
    return max;
  }

  /** What a refused caller is told (with a 429). */
  public String overloaded() {
    return node + " is overloaded: " + pending.get() + " events are waiting to be " + work + ", the limit is " + max
        + "; retry shortly";
  }
}
