package io.rtdispatch.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZipfDistributionTest {

  @Test
  void probabilitiesFollowInverseRankAndSumToOne() {
    ZipfDistribution zipf = new ZipfDistribution(4, 1.0);
    double h = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0;
    for (int k = 0; k < 4; k++) {
      assertEquals(1 / (k + 1.0) / h, zipf.probability(k), 1e-12);
    }
  }

  @Test
  void samplingMatchesProbabilities() {
    ZipfDistribution zipf = new ZipfDistribution(50, 1.2);
    SplittableRandom random = new SplittableRandom(42);
    int[] counts = new int[50];
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      counts[zipf.sample(random)]++;
    }
    for (int k : new int[] {0, 1, 4, 49}) {
      double expected = zipf.probability(k) * n;
      assertEquals(expected, counts[k], 5 * Math.sqrt(expected) + 1, "rank " + k);
    }
    for (int k = 1; k < 10; k++) {
      assertTrue(counts[k - 1] > counts[k], "popularity decreases with rank at " + k);
    }
  }

  @Test
  void exponentZeroIsUniform() {
    ZipfDistribution zipf = new ZipfDistribution(5, 0);
    assertArrayEquals(new int[] {2, 2, 2, 2, 2}, zipf.allocate(10, 0));
  }

  @Test
  void allocationSumsToTotalGivesMinimumAndIsMonotone() {
    ZipfDistribution zipf = new ZipfDistribution(100, 1.0);
    int[] counts = zipf.allocate(5000, 1);
    assertEquals(5000, Arrays.stream(counts).sum());
    assertTrue(Arrays.stream(counts).allMatch(c -> c >= 1));
    for (int k = 1; k < counts.length; k++) {
      assertTrue(counts[k - 1] >= counts[k], "rank " + k);
    }
    assertEquals(1 + (int) Math.round(4900 * zipf.probability(0)), counts[0], 1);
  }

  @Test
  void minimumIsDroppedWhenTotalIsTooSmall() {
    int[] counts = new ZipfDistribution(10, 1.0).allocate(5, 1);
    assertEquals(5, Arrays.stream(counts).sum());
    assertEquals(0, counts[9]);
  }
}
