package io.rtdispatch.loadtest.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-like popularity over {@code n} items: item k (0-based) has weight 1/(k+1)^s.
 *
 * <p>Used twice in the many-videos scenario: to split viewers over videos (a deterministic allocation, so every run
 * and every target sees the same audience) and to pick which video gets the next like (sampling, so popular videos
 * get more likes). Sampling is a binary search over a precomputed CDF: O(log n), no allocation.
 */
public final class ZipfDistribution {
  private final double[] cdf;

  public ZipfDistribution(int n, double exponent) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive");
    }
    if (exponent < 0) {
      throw new IllegalArgumentException("exponent must not be negative");
    }
    cdf = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += weight(k, exponent);
      cdf[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= sum;
    }
    cdf[n - 1] = 1.0;
  }

  /** Probability of item k. */
  public double probability(int k) {
    return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
  }

  public int size() {
    return cdf.length;
  }

  /** Draws an item index. */
  public int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
  }

  /**
   * Splits {@code total} units over the items in proportion to their probability (largest remainder method), giving
   * every item at least {@code minimum} first when the total allows it.
   */
  public int[] allocate(int total, int minimum) {
    int n = cdf.length;
    int floor = (long) minimum * n <= total ? minimum : 0;
    int[] counts = new int[n];
    Arrays.fill(counts, floor);
    int rest = total - floor * n;
    double[] remainders = new double[n];
    int assigned = 0;
    for (int k = 0; k < n; k++) {
      double exact = rest * probability(k);
      int whole = (int) Math.floor(exact);
      counts[k] += whole;
      assigned += whole;
      remainders[k] = exact - whole;
    }
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(remainders[b], remainders[a]));
    for (int i = 0; assigned < rest; i++, assigned++) {
      counts[order[i % n]]++;
    }
    return counts;
  }

  private static double weight(int k, double exponent) {
    return 1.0 / Math.pow(k + 1, exponent);
  }
}
