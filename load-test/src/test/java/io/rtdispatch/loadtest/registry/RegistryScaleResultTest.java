package io.rtdispatch.loadtest.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The routable-wait row reads the frontends' summed cumulative Prometheus buckets (seconds) as an operator would. */
class RegistryScaleResultTest {

  private static RegistryScaleResult withBuckets(double... boundsAndCounts) {
    RegistryScaleResult result = new RegistryScaleResult();
    for (int i = 0; i < boundsAndCounts.length; i += 2) {
      result.routableWait.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
    }
    return result;
  }

  @Test
  void p99IsTheFirstBucketHoldingNinetyNinePercent() {
    RegistryScaleResult result = withBuckets(0.1, 900, 0.25, 985, 0.5, 995, 1.0, 1000, Double.POSITIVE_INFINITY, 1000);
    assertEquals("p99 ≤ 500 ms, 98.50 % within 250 ms (n=1,000)", result.routableWait());
  }

  @Test
  void aTailBeyondTheLastBucketSaysSo() {
    RegistryScaleResult result = withBuckets(0.25, 10, 5.0, 50, Double.POSITIVE_INFINITY, 100);
    assertEquals("p99 > 5,000 ms, 10.00 % within 250 ms (n=100)", result.routableWait());
  }

  @Test
  void nodesThatDoNotExportTheMeterAreNotAFigure() {
    assertEquals("not exported", new RegistryScaleResult().routableWait());
  }
}
