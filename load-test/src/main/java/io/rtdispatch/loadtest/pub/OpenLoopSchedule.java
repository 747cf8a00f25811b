package io.rtdispatch.loadtest.pub;

/**
 * When each publish batch is due, fixed up front: batch k is due at {@code start + k * batchSize / rate}.
 *
 * <p>Open loop means the schedule never waits for the server: a slow response does not push later sends back, it
 * makes them late, and lateness is counted. (A closed loop would hide server slowness by publishing less, the
 * "coordinated omission" trap.) Times are computed from k, not accumulated, so rounding never drifts.
 */
public final class OpenLoopSchedule {
  private final long startNanos;
  private final double eventsPerSecond;
  private final int batchSize;
  private final long totalEvents;

  public OpenLoopSchedule(long startNanos, double eventsPerSecond, int batchSize, long totalEvents) {
    if (eventsPerSecond <= 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    this.startNanos = startNanos;
    this.eventsPerSecond = eventsPerSecond;
    this.batchSize = batchSize;
    this.totalEvents = Math.max(0, totalEvents);
  }

  /** Schedule for {@code durationSeconds} at the given rate (rounded to whole events). */
  public static OpenLoopSchedule forDuration(long startNanos, double eventsPerSecond, int batchSize,
      double durationSeconds) {
    return new OpenLoopSchedule(startNanos, eventsPerSecond, batchSize, Math.round(eventsPerSecond * durationSeconds));
  }

  public long batchCount() {
    return (totalEvents + batchSize - 1) / batchSize;
  }

  public long totalEvents() {
    return totalEvents;
  }

  /** Due time of batch k, on the {@link System#nanoTime()} scale. */
  public long dueNanos(long batch) {
    return startNanos + Math.round(batch * (double) batchSize * 1e9 / eventsPerSecond);
  }

  /** Events in batch k (the last batch may be partial). */
  public int eventsInBatch(long batch) {
    if (batch < 0 || batch >= batchCount()) {
      return 0;
    }
    return (int) Math.min(batchSize, totalEvents - batch * batchSize);
  }

  /** Due time of the end of the schedule (when the last batch is due plus one interval). */
  public long endNanos() {
    return dueNanos(batchCount());
  }
}
