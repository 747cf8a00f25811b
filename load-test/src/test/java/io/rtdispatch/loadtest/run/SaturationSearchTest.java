package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationSearchTest {

  private static final SaturationSearch.Criteria CRITERIA = new SaturationSearch.Criteria(0.01, 0.05, 1000, 1e6, 3);

  /**
   * A synthetic target that delivers everything below {@code capacity} events/s and loses the excess above it, its
   * CPU growing with the rate up to one full core at capacity.
   */
  private static RunResult step(double rate, double capacity, boolean clientBound) {
    long expected = Math.round(rate * 100);
    long received = rate <= capacity ? expected : Math.round(capacity * 100);
    return TestRuns.run("t", 1, TestRuns.publishing(Math.round(rate), Math.round(rate), 0, 0),
        TestRuns.delivery(expected, received, received / 10.0, 3), TestRuns.server(Math.min(100, rate / capacity * 100), 1),
        TestRuns.client(clientBound ? 95 : 10, clientBound));
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
    RunResult late = TestRuns.run("t", 1, TestRuns.publishing(100, 90, 8, 2), ok.delivery(), TestRuns.server(40, 1),
        ok.client());
    SaturationSearch.Step lateStep = search.judge(10, late);
    assertEquals("10% of publishes late or dropped", lateStep.reason());
    assertEquals(Bottleneck.Kind.PUBLISHER, lateStep.bottleneck().kind(), "neither CPU was saturated");
    RunResult slow = TestRuns.run("t", 1, ok.publishing(), TestRuns.delivery(1000, 1000, 100, 1500), ok.server(),
        ok.client());
    assertEquals("p99 1500 ms", search.judge(10, slow).reason());
  }

  @Test
  void theLimitIsTheBottleneckOfTheLowestRateThatFellBehind() throws Exception {
    SaturationSearch.Result result = new SaturationSearch(CRITERIA).search(rate -> step(rate, 100, false), 10);
    assertEquals(Bottleneck.Kind.SERVER, result.limit().kind(), result.describe());
    assertTrue(result.describe().endsWith("limit: " + result.limit().describe()));
    assertEquals(100.0, result.saturated().rate());
    SaturationSearch.Result unbounded = new SaturationSearch(new SaturationSearch.Criteria(0.01, 0.05, 1000, 50, 3))
        .search(rate -> step(rate, 1000, false), 10);
    assertEquals(Bottleneck.Kind.NONE, unbounded.limit().kind());
    assertEquals(40.0, unbounded.rate());
  }
}
