package io.rtdispatch.frontend.connection;

import io.micrometer.core.instrument.Counter;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-wide budget of bytes waiting for clients ({@code rtd.frontend.max-buffered-bytes}):
 * frames in every {@link Outbox} plus the chunks handed to Netty and not yet taken by the
 * socket. {@code connection-buffer-size} bounds one connection; this bounds all of them, so
 * 100,000 readers that stop reading cannot each hold their full buffer (100,000 x 256 KiB is
 * 25 GiB) and exhaust the heap or the direct memory.
 *
 * <p>Once the budget is spent, a connection whose socket takes nothing more (its channel is not
 * writable) is closed instead of queueing, which gives its bytes back; a browser reconnects
 * after the retry hint. Connections that keep up are served as before. Thread-safe.
 */
public final class BufferBudget {

  private static final Logger log = LoggerFactory.getLogger(BufferBudget.class);
  private static final long WARN_EVERY = 1000;

  private final long max;
  private final AtomicLong held = new AtomicLong();
  private final Counter slowClosed;

  /**
   * @param max bytes all connections may hold together
   * @param slowClosed counts connections closed because they stalled while the budget was spent
   */
  public BufferBudget(long max, Counter slowClosed) {
    if (max < 1) {
      throw new IllegalArgumentException("a buffer budget must be at least 1 byte, got " + max);
    }
    this.max = max;
    this.slowClosed = slowClosed;
  }

  /** Bytes held now, for the {@code rtd_frontend_buffered_bytes} gauge. */
  public long held() {
    return held.get();
  }

  public long max() {
    return max;
  }

  /** Takes {@code bytes} if they fit; false (nothing taken) when the budget is spent. */
  boolean tryTake(long bytes) {
    long now;
    do {
      now = held.get();
      if (now + bytes > max && now > 0) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  /** Takes {@code bytes} whatever the budget says: a reader that keeps up writes them at once. */
  void take(long bytes) {
    held.addAndGet(bytes);
  }

  void release(long bytes) {
    if (bytes > 0) {
      held.addAndGet(-bytes);
    }
  }

  /** A stalled connection is being closed to give its bytes back. */
  void closedSlow() {
    slowClosed.increment();
    long count = (long) slowClosed.count();
    if (count % WARN_EVERY == 1) {
      log.warn("The node's buffers for slow readers are full ({} of {} bytes, rtd.frontend.max-buffered-bytes): "
          + "closing connections that stopped reading ({} so far)", held.get(), max, count);
    }
  }
}
