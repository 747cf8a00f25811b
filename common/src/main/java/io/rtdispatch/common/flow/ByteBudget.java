package io.rtdispatch.common.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-wide bound on bytes held by many queues together (a dispatcher's links to frontends and
 * peers): a queue takes an item's bytes before holding it and gives them back once the item has
 * left, so the queues cannot together hold more than {@code max} bytes whatever their own bounds.
 * Thread-safe, lock-free.
 */
public final class ByteBudget {

  private final long max;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param max bytes the queues may hold together, at least 1
   * @throws IllegalArgumentException for a bound below 1
   */
  public ByteBudget(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("a byte budget must be at least 1, got " + max);
    }
    this.max = max;
  }

  /** Takes {@code bytes}, or nothing and returns false if that would go beyond the bound. */
  public boolean tryTake(long bytes) {
    if (used.addAndGet(bytes) > max) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back what {@link #tryTake} took. */
  public void give(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes held now. */
  public long used() {
    return used.get();
  }

  public long max() {
    return max;
  }
}
