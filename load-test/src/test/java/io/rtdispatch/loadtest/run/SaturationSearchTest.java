package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.stats.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SaturationSearchTest {

  private static final SaturationSearch.Criteria CRITERIA = new SaturationSearch.Criteria(0.01, 0.05, 1000, 1e6, 3);

  /** A synthetic target that delivers everything below {@code capacity} events/s and loses the excess above it. */
  private static RunResult step(double rate, double capacity, boolean clientBound) {
    long expected = Math.round(rate * 100);
    long received = rate <= capacity ? expected : Math.round(capacity * 100);
    double loss = 1 - (double) received / expected;
    return new RunResult("s", "t", "rtd", 1, "now", Map.of(),
        new RunResult.Connections(100, 100, 0, 0, 0, LatencySummary.EMPTY, LatencySummary.EMPTY, 100, 0, 0,
            LatencySummary.EMPTY, LatencySummary.EMPTY),
        new RunResult.Publishing(Math.round(rate), Math.round(rate), 0, 0, 0, Math.round(rate), rate, LatencySummary.EMPTY),
        new RunResult.Delivery(expected, received, 0, loss, received / 10.0, new LatencySummary(received, 1, 2, 3, 4, 5, 1),
            0, 0, 0, 0, 0),
        new RunResult.ServerUsage(List.of(), 0, 0, 0, 0, -1, -1, 0, 0),
        new RunResult.ClientUsage(0, 0, 1, clientBound, 1), List.of(), List.of());
  }

  @Test
  void doublesThenBisectsToTheHighestRateThatKeepsUp() throws Exception {
    List<Double> tried = new ArrayList<>();
    SaturationSearch.Result result = new SaturationSearch(CRITERIA).search(rate -> {
      tried.add(rate);
      return step(rate, 100, false);
    }, 10);
    assertEquals(List.of(10.0, 20.0, 40.0, 80.0, 160.0, 120.0, 100.0, 110.0), tried);
    assertEquals(100.0, result.rate());
    assertEquals(1000.0, result.deliveriesPerSecond());
    assertFalse(result.clientBound());
  }

  @Test
  void goesDownWhenTheStartRateIsAlreadyTooHigh() throws Exception {
    SaturationSearch.Result result = new SaturationSearch(CRITERIA).search(rate -> step(rate, 30, false), 100);
    assertTrue(result.rate() >= 25 && result.rate() <= 30, "found " + result.rate() + ": " + result.describe());
  }

  @Test
  void stopsAtAClientBoundStepAndSaysSo() throws Exception {
    SaturationSearch.Result result = new SaturationSearch(CRITERIA).search(rate -> step(rate, 1000, rate >= 40), 10);
    assertEquals(40.0, result.rate());
    assertTrue(result.clientBound());
    assertTrue(result.describe().contains("at least"));
  }

  @Test
  void latePublishesAndHighLatencyCountAsFallingBehind() {
    SaturationSearch search = new SaturationSearch(CRITERIA);
    RunResult ok = step(10, 100, false);
    assertTrue(search.judge(10, ok).keptUp());
    RunResult late = new RunResult("s", "t", "rtd", 1, "now", Map.of(), ok.connections(),
        new RunResult.Publishing(100, 90, 0, 8, 2, 90, 9, LatencySummary.EMPTY), ok.delivery(), ok.server(), ok.client(),
        List.of(), List.of());
    assertEquals("10% of publishes late or dropped", search.judge(10, late).reason());
    RunResult slow = new RunResult("s", "t", "rtd", 1, "now", Map.of(), ok.connections(), ok.publishing(),
        new RunResult.Delivery(1000, 1000, 0, 0, 100, new LatencySummary(1000, 1, 2, 1500, 1600, 1700, 1), 0, 0, 0, 0, 0),
        ok.server(), ok.client(), List.of(), List.of());
    assertEquals("p99 1500 ms", search.judge(10, slow).reason());
  }
}
