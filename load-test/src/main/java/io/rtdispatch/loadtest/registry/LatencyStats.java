package io.rtdispatch.loadtest.registry;

import java.util.Arrays;

/** Percentiles of a set of latencies in milliseconds (nearest rank); all -1 when empty. */
record LatencyStats(int count, double p50, double p99, double max) {
  static LatencyStats of(double[] millis) {
    if (millis.length == 0) {
      return new LatencyStats(0, -1, -1, -1);
    }
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new LatencyStats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
  }

  private static double rank(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  @Override
  public String toString() {
    return String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms (n=%d)", p50, p99, max, count);
  }
}
