package io.rtdispatch.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.run.TestRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocsCommandTest {

  @Test
  void reportsOfOneScenarioArePooledAndMediansRecomputed() {
    BenchmarkReport a = BenchmarkReport.of("capacity", List.of("ours", "nchan"), Map.of(),
        List.of(TestRuns.run("ours", 1, 10, 1), TestRuns.run("nchan", 1, 20, 1)));
    BenchmarkReport b = BenchmarkReport.of("capacity", List.of("ours", "nchan"), Map.of(),
        List.of(TestRuns.run("ours", 1, 30, 1), TestRuns.run("nchan", 1, 40, 1)));
    BenchmarkReport c = BenchmarkReport.of("capacity", List.of("ours", "nchan"), Map.of(),
        List.of(TestRuns.run("ours", 1, 50, 1), TestRuns.run("nchan", 1, 60, 1)));
    BenchmarkReport other = BenchmarkReport.of("churn", List.of("nchan"), Map.of(),
        List.of(TestRuns.run("nchan", 1, 5, 1)));
    List<BenchmarkReport> merged = DocsCommand.mergeByScenario(List.of(a, other, b, c));
    assertEquals(2, merged.size());
    assertEquals(6, merged.get(0).runs().size());
    assertEquals(List.of(30.0, 40.0), merged.get(0).row("deliveriesPerSecond").medians());
    assertEquals(other, merged.get(1));
  }
}
