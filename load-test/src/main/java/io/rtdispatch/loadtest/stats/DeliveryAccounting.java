package io.rtdispatch.loadtest.stats;

/**
 * Expected versus received deliveries.
 *
 * <p>Expected = for every topic, events the server accepted for it × subscribers that were open on it when the
 * measurement began. Received counts each (subscriber, event) pair once; further copies are duplicates. Received can
 * exceed expected only if a subscriber that was not open at the start connected later, so loss is clamped at 0.
 */
public record DeliveryAccounting(long expected, long received, long duplicates) {

  /** Expected deliveries from per-topic accepted events and open subscribers. */
  public static long expected(long[] acceptedPerTopic, int[] openSubscribersPerTopic) {
    if (acceptedPerTopic.length != openSubscribersPerTopic.length) {
      throw new IllegalArgumentException("topic counts differ: " + acceptedPerTopic.length + " vs "
          + openSubscribersPerTopic.length);
    }
    long sum = 0;
    for (int t = 0; t < acceptedPerTopic.length; t++) {
      sum += acceptedPerTopic[t] * (long) openSubscribersPerTopic[t];
    }
    return sum;
  }

  /** Fraction of expected deliveries that never arrived, in [0, 1]. */
  public double lossRatio() {
    if (expected == 0) {
      return 0;
    }
    return Math.max(0, (expected - received) / (double) expected);
  }

  /** Duplicates per received delivery. */
  public double duplicateRatio() {
    return received == 0 ? 0 : duplicates / (double) received;
  }
}
