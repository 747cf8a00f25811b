package io.rtdispatch.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.run.TestRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowReaderCommandTest {

  @Test
  void comparesTheReadersP99WithAndWithoutStalledClientsPerTarget() {
    List<BenchmarkReport.Row> rows = SlowReaderCommand.comparisonRows(List.of("ours", "nchan"),
        List.of(TestRuns.run("ours-baseline", 1, 100, 10), TestRuns.run("nchan-baseline", 1, 100, 4),
            TestRuns.run("ours-baseline", 2, 100, 30)),
        List.of(TestRuns.run("ours", 1, 100, 25), TestRuns.run("nchan", 1, 100, 4),
            TestRuns.run("ours", 2, 100, 35)), 1000);
    assertEquals(List.of(20.0, 4.0), rows.get(0).medians(), "baseline medians");
    assertEquals(List.of(30.0, 4.0), rows.get(1).medians());
    assertEquals("readers' p99 with 1000 stalled clients", rows.get(1).label());
    assertEquals(List.of(1.5, 1.0), rows.get(2).medians(), "ratio of the medians");
  }
}
