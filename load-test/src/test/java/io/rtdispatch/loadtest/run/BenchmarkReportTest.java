package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.report.ReportWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

  @Test
  void mediansPerTargetAndRatioOfFirstToOthers() {
    BenchmarkReport report = BenchmarkReport.of("s", List.of("ours", "nchan"), Map.of(), List.of(
        TestRuns.run("ours", 1, 100, 5), TestRuns.run("nchan", 1, 50, 1),
        TestRuns.run("ours", 2, 300, 4), TestRuns.run("nchan", 2, 40, 2),
        TestRuns.run("ours", 3, 200, 100), TestRuns.run("nchan", 3, 45, 0)));
    BenchmarkReport.Row d = report.row("deliveriesPerSecond");
    assertEquals(List.of(200.0, 45.0), d.medians());
    assertEquals(4.444, d.ratios().get(0));
    BenchmarkReport.Row p99 = report.row("latencyP99");
    assertEquals(List.of(5.0, 1.0), p99.medians());
    assertNull(report.row("duplicates"), "all-zero metrics are left out");
  }

  @Test
  void medianOfEvenAndEmpty() {
    assertEquals(2.5, BenchmarkReport.median(new double[] {4, 1, 3, 2}));
    assertEquals(0, BenchmarkReport.median(new double[0]));
  }

  @Test
  void unmeasuredValuesAreLeftOutOfMediansAndRatios() {
    assertEquals(3.0, BenchmarkReport.median(new double[] {Double.NaN, 3}));
    assertTrue(Double.isNaN(BenchmarkReport.median(new double[] {Double.NaN})));
    BenchmarkReport.Row row = BenchmarkReport.row("drops", "drops", "", false, List.of(5.0, Double.NaN));
    assertNull(row.ratios().get(0));
    assertEquals("n/a", ReportWriter.number(Double.NaN));
  }

  @Test
  void theBottleneckMostRunsShareIsTheTargets() {
    RunResult a = withBottleneck(TestRuns.run("ours", 1, 1, 1), "server: CPU-bound (97%)");
    RunResult b = withBottleneck(TestRuns.run("ours", 2, 1, 1), "none: kept up (50%)");
    RunResult c = withBottleneck(TestRuns.run("ours", 3, 1, 1), "server: CPU-bound (99%)");
    BenchmarkReport report = BenchmarkReport.of("s", List.of("ours"), Map.of(), List.of(a, b, c));
    assertEquals(List.of("server: CPU-bound (97%)"), report.bottlenecks());
  }

  @Test
  void reportsSurviveTheirJsonWithCommandAndUnmeasuredValues(@TempDir Path dir) throws Exception {
    RunResult run = TestRuns.run("nchan", 1, TestRuns.publishing(1, 1, 0, 0), TestRuns.delivery(1, 1, 1, 1),
        TestRuns.server(5, 1), TestRuns.client(5, false));
    BenchmarkReport report = BenchmarkReport.of("slow-reader", List.of("nchan"), Map.of(), List.of(run))
        .withCommand("rtd-load-test slow-reader");
    ReportWriter.write(report, dir, "r");
    BenchmarkReport back = ReportWriter.readJson(dir.resolve("r.json"));
    assertEquals("rtd-load-test slow-reader", back.command());
    assertTrue(back.row("serverDrops").medians().get(0).isNaN(), "nchan reports no drops: n/a, not 0");
  }

  private static RunResult withBottleneck(RunResult r, String bottleneck) {
    return new RunResult(r.scenario(), r.target(), r.kind(), r.run(), r.startedAt(), r.parameters(), r.connections(),
        r.publishing(), r.delivery(), r.server(), r.client(), r.timeline(), r.notes(), bottleneck, r.recovery());
  }
}
