package io.rtdispatch.loadtest.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.stats.LatencySummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class BenchmarkReportTest {

  public static RunResult run(String target, int run, double deliveriesPerSecond, double p99) {
    LatencySummary lat = new LatencySummary(10, 1, 2, p99, p99, p99, 1);
    return new RunResult("s", target, "rtd", run, "t", Map.of(),
        new RunResult.Connections(1, 1, 0, 0, 0, LatencySummary.EMPTY, LatencySummary.EMPTY, 1, 0, 0,
            LatencySummary.EMPTY, LatencySummary.EMPTY),
        new RunResult.Publishing(1, 1, 0, 0, 0, 1, 1, LatencySummary.EMPTY),
        new RunResult.Delivery(10, 10, 0, 0, deliveriesPerSecond, lat, 0, 0, 0, 0, 0),
        new RunResult.ServerUsage(List.of(), 0, 0, 0, 0, -1, -1, 0, 0),
        new RunResult.ClientUsage(0, 0, 1, false, 1), List.of(), List.of());
  }

  @Test
  void mediansPerTargetAndRatioOfFirstToOthers() {
    BenchmarkReport report = BenchmarkReport.of("s", List.of("ours", "nchan"), Map.of(), List.of(
        run("ours", 1, 100, 5), run("nchan", 1, 50, 1),
        run("ours", 2, 300, 4), run("nchan", 2, 40, 2),
        run("ours", 3, 200, 100), run("nchan", 3, 45, 0)));
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
}
