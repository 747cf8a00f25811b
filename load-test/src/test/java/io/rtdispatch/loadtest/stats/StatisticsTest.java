package io.rtdispatch.loadtest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void percentilesOfAKnownDistribution() {
    Histogram h = Histograms.newMicros();
    for (int i = 1; i <= 10_000; i++) {
      Histograms.record(h, i * 100L); // 0.1 ms .. 1000 ms, uniform
    }
    LatencySummary s = LatencySummary.of(h);
    assertEquals(10_000, s.count());
    assertEquals(500, s.p50(), 1);
    assertEquals(900, s.p90(), 1);
    assertEquals(990, s.p99(), 1);
    assertEquals(999, s.p999(), 1);
    assertEquals(1000, s.max(), 1);
    assertEquals(500, s.mean(), 1);
  }

  @Test
  void emptyHistogramGivesZeros() {
    assertEquals(LatencySummary.EMPTY, LatencySummary.of(Histograms.newMicros()));
  }

  @Test
  void encodedHistogramsRoundTripAndClampNegativeValues() {
    Histogram h = Histograms.newMicros();
    Histograms.record(h, -5);
    Histograms.record(h, 1234);
    Histogram back = Histograms.decode(Histograms.encode(h));
    assertEquals(2, back.getTotalCount());
    assertEquals(1, back.getMinValue());
    assertEquals(h.getMaxValue(), back.getMaxValue());
  }

  @Test
  void expectedDeliveriesArePerTopicProducts() {
    long expected = DeliveryAccounting.expected(new long[] {10, 0, 3}, new int[] {100, 50, 1});
    assertEquals(1003, expected);
    assertThrows(IllegalArgumentException.class,
        () -> DeliveryAccounting.expected(new long[] {1}, new int[] {1, 2}));
  }

  @Test
  void lossAndDuplicateRatios() {
    DeliveryAccounting a = new DeliveryAccounting(1000, 990, 5);
    assertEquals(0.01, a.lossRatio(), 1e-12);
    assertEquals(5 / 990.0, a.duplicateRatio(), 1e-12);
    assertEquals(0, new DeliveryAccounting(10, 12, 0).lossRatio(), "late joiners never make loss negative");
    assertEquals(0, new DeliveryAccounting(0, 0, 0).lossRatio());
  }

  @Test
  void heapInfoParsingSumsGenerations() {
    String g1 = " garbage-first heap   total 262144K, used 12345K [0x00000000f0000000, 0x0000000100000000)\n"
        + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 1000K, committed 1100K\n";
    assertEquals(12345L * 1024, ServerProcess.parseHeapUsed(g1));
    String parallel = " PSYoungGen      total 76288K, used 3932K [0x1, 0x2)\n  eden space 65536K, 6% used\n"
        + " ParOldGen       total 175104K, used 100K [0x3, 0x4)\n";
    assertEquals((3932L + 100) * 1024, ServerProcess.parseHeapUsed(parallel));
  }
}
