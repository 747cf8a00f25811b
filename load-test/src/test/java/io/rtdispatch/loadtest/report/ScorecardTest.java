package io.rtdispatch.loadtest.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.run.TestRuns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorecardTest {
  private static final List<String> TARGETS = List.of("ours", "nchan");

  private static BenchmarkReport report(String scenario, Map<String, Object> parameters, List<BenchmarkReport.Row> rows,
      List<String> bottlenecks) {
    return new BenchmarkReport(scenario, TARGETS, parameters, rows, List.of(),
        List.of(TestRuns.run("ours", 1, 1, 1), TestRuns.run("nchan", 1, 1, 1)), bottlenecks,
        "rtd-load-test " + scenario.split(" ")[0] + " --target ours=rtd,sub=http://127.0.0.1:1 --target nchan");
  }

  private static BenchmarkReport.Row row(String key, double ours, double nchan) {
    return BenchmarkReport.row(key, key, "", true, List.of(ours, nchan));
  }

  private static String line(String markdown, String start) {
    return markdown.lines().filter(l -> l.startsWith("| " + start)).findFirst().orElseThrow(
        () -> new AssertionError("no row starting with " + start + " in\n" + markdown));
  }

  @Test
  void eachGoalIsJudgedAndCitesItsCommand() {
    BenchmarkReport live = report("live-video at saturation; metrics below at half of nchan's saturation rate",
        Map.of("viewers", 1000), List.of(row("saturationDeliveries", 600_000, 380_000), row("latencyP99", 30, 12),
            row("measuredRate", 190, 190)),
        List.of("server: CPU-bound (…)", "generator: its CPU budget used up (…)"));
    BenchmarkReport personal = report("personal", Map.of("eventsPerSecond", 2000.0, "topics", 5000),
        List.of(row("serverCpuPerEvent", 40, 45), row("serverCpuPercent", 8, 9)), List.of());
    BenchmarkReport capacity = report("capacity", Map.of("connections", 10000),
        List.of(row("heapPerConnection", 3_000, 0), row("rssPerConnection", 9_000, 15_000)), List.of());
    BenchmarkReport connects = report("connect-rate", Map.of("connections", 10000, "connectsPerSecond", 5000.0),
        List.of(row("streamsOpened", 9_990, 10_000), row("acceptRate", 4_900, 4_990), row("connectFailures", 10, 0),
            row("connectP50", 2, 0.3),
            row("connectP99", 40, 10)), List.of());
    BenchmarkReport slow = report("slow-reader", Map.of("readers", 1000, "stalled", 1000),
        List.of(row("readersP99Alone", 10, 12), row("readersP99Stalled", 12, 30), row("readersP99Ratio", 1.2, 2.5),
            row("serverDrops", 5000, Double.NaN), row("serverRssEndMiB", 400, 90)), List.of());

    String md = Scorecard.render(List.of(live, personal, capacity, connects, slow), "ours", "nchan");

    String throughput = line(md, "deliveries/s at saturation, 1 hot topic (1,000 viewers)");
    assertTrue(throughput.contains("600,000 (limit: server) | 380,000 (limit: generator) | ≥ 1.50 × nchan"
        + " | **yes**: 1.58 × nchan | [1], median of 1"), throughput);
    assertTrue(line(md, "deliveries/s at saturation, many videos").contains("pending"), md);
    assertTrue(line(md, "personal topics").contains("**yes**: 0.889 × nchan's"), md);
    assertTrue(line(md, "p99 publish → client at half of nchan's saturation rate, 1 hot topic (190 events/s)")
        .contains("no: 30 ms"), md);
    assertTrue(line(md, "live heap per idle connection (10,000 connections)").contains("**yes**: 2.9 KiB"), md);
    String connectRow = line(md, "opening 10,000 streams at 5,000/s");
    assertTrue(connectRow.contains("9,990 accepted (4,900/s), 10 failed, p50 2 ms, p99 40 ms")
        && connectRow.contains("no: 10 failures, p99 40 ms"), connectRow);
    String slowRow = line(md, "p99 of 1,000 readers with 1,000 clients");
    assertTrue(slowRow.contains("1.20 × (10 → 12 ms), RSS 400 MiB, drops 5,000")
        && slowRow.contains("drops n/a") && slowRow.contains("**yes**: 1.20 ×"), slowRow);
    assertTrue(md.contains("\n1. `rtd-load-test live-video --target ours --target nchan`\n"), md);
    assertTrue(line(md, "p99 publish").contains("[1]"), "the same command is cited once: " + md);
  }

  @Test
  void withoutReportsEveryRowIsPending() {
    String md = Scorecard.render(List.of(), "ours", "nchan");
    assertTrue(md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| measure")).allMatch(l -> l.contains("pending")),
        md);
  }
}
