package io.rtdispatch.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table of issue 8 ("the delivery path, rebuilt to beat nchan on one core"): one row per goal, ours and nchan side
 * by side, the goal, whether it is met (and by how much it is missed), and the command that produced the numbers.
 * Built from the suite's reports; a row whose report is missing reads "pending".
 */
public final class Scorecard {
  static final double THROUGHPUT_GOAL = 1.5;
  static final double CPU_PER_EVENT_GOAL = 1.5;
  static final double P99_GOAL_MS = 25;
  static final double HEAP_GOAL_BYTES = 8 * 1024;
  static final double CONNECT_P99_GOAL_MS = 100;
  static final double SLOW_READER_GOAL = 1.5;

  private final List<BenchmarkReport> reports;
  private final String ours;
  private final String other;
  private final List<String> commands = new ArrayList<>();

  private Scorecard(List<BenchmarkReport> reports, String ours, String other) {
    this.reports = reports;
    this.ours = ours;
    this.other = other;
  }

  /** The scorecard as Markdown: a heading, the table, and the numbered commands its rows refer to. */
  public static String render(List<BenchmarkReport> reports, String ours, String other) {
    return new Scorecard(reports, ours, other).markdown();
  }

  private String markdown() {
    List<String[]> rows = List.of(saturation("live-video", "1 hot topic"), saturation("many-videos", "many videos"),
        cpuPerEvent(), p99AtHalf(), heapPerConnection(), connectRate(), slowReader());
    StringBuilder md = new StringBuilder("### Issue 8 goals\n\n| measure | " + ours + " | " + other
        + " | goal | met? | from |\n|---|---|---|---|---|---|\n");
    rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
    md.append('\n');
    for (int i = 0; i < commands.size(); i++) {
      md.append(i + 1).append(". `").append(commands.get(i)).append("`\n");
    }
    return md.toString();
  }

  private String[] saturation(String scenario, String what) {
    BenchmarkReport r = find(scenario + " at saturation");
    String measure = "deliveries/s at saturation, " + what + " (" + param(r, "viewers") + " viewers)";
    Double a = value(r, "saturationDeliveries", ours);
    Double b = value(r, "saturationDeliveries", other);
    String goal = "≥ " + number(THROUGHPUT_GOAL) + " × " + other;
    if (a == null || b == null || b == 0) {
      return pending(measure, r, a, b, goal);
    }
    double ratio = a / b;
    return row(measure, number(a) + limit(r, ours), number(b) + limit(r, other), goal,
        verdict(ratio >= THROUGHPUT_GOAL, number(ratio) + " × " + other), r);
  }

  private String[] cpuPerEvent() {
    BenchmarkReport r = find("personal");
    String measure = "personal topics: server CPU per event at " + param(r, "eventsPerSecond") + " events/s ("
        + param(r, "topics") + " topics)";
    Double a = value(r, "serverCpuPerEvent", ours);
    Double b = value(r, "serverCpuPerEvent", other);
    String goal = "≤ " + number(CPU_PER_EVENT_GOAL) + " × " + other + "'s";
    if (a == null || b == null || b == 0) {
      return pending(measure, r, a, b, goal);
    }
    return row(measure, number(a) + " µs" + cpu(r, ours), number(b) + " µs" + cpu(r, other), goal,
        verdict(a / b <= CPU_PER_EVENT_GOAL, number(a / b) + " × " + other + "'s"), r);
  }

  private String[] p99AtHalf() {
    BenchmarkReport r = find("live-video at saturation");
    Double rate = value(r, "measuredRate", other);
    String measure = "p99 publish → client at half of " + other + "'s saturation rate, 1 hot topic"
        + (rate == null ? "" : " (" + number(rate) + " events/s)")
        + (r != null && !r.scenario().contains(other + "'s") ? " [ran at half of each target's own rate]" : "");
    Double a = value(r, "latencyP99", ours);
    Double b = value(r, "latencyP99", other);
    String goal = "≤ " + number(P99_GOAL_MS) + " ms";
    if (a == null) {
      return pending(measure, r, a, b, goal);
    }
    return row(measure, number(a) + " ms", b == null ? "pending" : number(b) + " ms", goal,
        verdict(a <= P99_GOAL_MS, number(a) + " ms"), r);
  }

  private String[] heapPerConnection() {
    BenchmarkReport r = find("capacity");
    String measure = "live heap per idle connection (" + param(r, "connections") + " connections)";
    Double heap = value(r, "heapPerConnection", ours);
    String goal = "≤ 8 KiB heap";
    if (heap == null) {
      return pending(measure, r, null, value(r, "rssPerConnection", other), goal);
    }
    return row(measure, bytes(heap) + " heap, RSS " + bytes(value(r, "rssPerConnection", ours)),
        "RSS " + bytes(value(r, "rssPerConnection", other)), goal,
        verdict(heap <= HEAP_GOAL_BYTES, bytes(heap)), r);
  }

  private String[] connectRate() {
    BenchmarkReport r = find("connect-rate");
    String measure = "opening " + param(r, "connections") + " streams at " + param(r, "connectsPerSecond") + "/s";
    Double failures = value(r, "connectFailures", ours);
    Double p99 = value(r, "connectP99", ours);
    String goal = "0 failures, connect p99 ≤ " + number(CONNECT_P99_GOAL_MS) + " ms";
    if (p99 == null) {
      return pending(measure, r, null, value(r, "connectP99", other), goal);
    }
    double failed = failures == null ? 0 : failures;
    return row(measure, connects(r, ours), connects(r, other), goal,
        verdict(failed == 0 && p99 <= CONNECT_P99_GOAL_MS, number(failed) + " failures, p99 " + number(p99) + " ms"),
        r);
  }

  private String[] slowReader() {
    BenchmarkReport r = find("slow-reader");
    String measure = "p99 of " + param(r, "readers") + " readers with " + param(r, "stalled")
        + " clients that never read on their topic / without them";
    Double a = value(r, "readersP99Ratio", ours);
    String goal = "≤ " + number(SLOW_READER_GOAL) + " ×";
    if (a == null || a.isNaN()) {
      return pending(measure, r, null, value(r, "readersP99Ratio", other), goal);
    }
    return row(measure, slow(r, ours), slow(r, other), goal, verdict(a <= SLOW_READER_GOAL, number(a) + " ×"), r);
  }

  private String connects(BenchmarkReport r, String target) {
    Double p99 = value(r, "connectP99", target);
    if (p99 == null) {
      return "pending";
    }
    Double failures = value(r, "connectFailures", target);
    return number(orZero(value(r, "streamsOpened", target))) + " accepted ("
        + number(orZero(value(r, "acceptRate", target))) + "/s), " + number(failures == null ? 0 : failures)
        + " failed, p50 " + number(orZero(value(r, "connectP50", target))) + " ms, p99 " + number(p99) + " ms";
  }

  private String slow(BenchmarkReport r, String target) {
    Double ratio = value(r, "readersP99Ratio", target);
    if (ratio == null) {
      return "pending";
    }
    Double drops = value(r, "serverDrops", target);
    return number(ratio) + " × (" + number(orZero(value(r, "readersP99Alone", target))) + " → "
        + number(orZero(value(r, "readersP99Stalled", target))) + " ms), RSS "
        + number(orZero(value(r, "serverRssEndMiB", target))) + " MiB, drops "
        + (drops == null || drops.isNaN() ? "n/a" : number(drops));
  }

  private String cpu(BenchmarkReport r, String target) {
    Double percent = value(r, "serverCpuPercent", target);
    return percent == null ? "" : " (" + number(percent) + "% of a core)";
  }

  private String limit(BenchmarkReport r, String target) {
    int i = r.targets().indexOf(target);
    String b = r.bottlenecks() == null || i < 0 || i >= r.bottlenecks().size() ? null : r.bottlenecks().get(i);
    return b == null ? "" : " (limit: " + b.split(":")[0] + ")";
  }

  private String[] pending(String measure, BenchmarkReport r, Double a, Double b, String goal) {
    return row(measure, a == null ? "pending" : number(a), b == null ? "pending" : number(b), goal, "–", r);
  }

  private String[] row(String measure, String a, String b, String goal, String met, BenchmarkReport r) {
    String from = "–";
    if (r != null && r.command() != null) {
      String command = shorten(r.command());
      if (!commands.contains(command)) {
        commands.add(command);
      }
      from = "[" + (commands.indexOf(command) + 1) + "], median of " + r.runsPerTarget();
    }
    return new String[] {measure, a, b, goal, met, from};
  }

  /** The command without what only names files or the machine: targets by name, no --out/--name/--client-cores/-q. */
  static String shorten(String command) {
    return command.replaceAll("--target (\\S+?)=\\S+", "--target $1")
        .replaceAll(" (--out|--name|--client-cores) \\S+", "").replaceAll(" (-q|--quiet)(?= |$)", "");
  }

  private static String verdict(boolean met, String measured) {
    return (met ? "**yes**: " : "no: ") + measured;
  }

  private BenchmarkReport find(String scenario) {
    return reports.stream().filter(r -> r.scenario().equals(scenario) || r.scenario().startsWith(scenario + ";"))
        .findFirst().orElse(null);
  }

  private static Double value(BenchmarkReport r, String key, String target) {
    if (r == null || r.row(key) == null || !r.targets().contains(target)) {
      return null;
    }
    return r.row(key).medians().get(r.targets().indexOf(target));
  }

  /** A scenario parameter of the report, formatted, or "?" when absent. */
  private static String param(BenchmarkReport r, String key) {
    Object v = r == null ? null : r.parameters().get(key);
    return v == null ? "?" : number(v);
  }

  private static String number(Object v) {
    return v instanceof Number n ? ReportWriter.number(n.doubleValue()) : String.valueOf(v);
  }

  private static String bytes(Double v) {
    return v == null ? "pending" : String.format(Locale.ROOT, "%.1f KiB", v / 1024);
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }
}
