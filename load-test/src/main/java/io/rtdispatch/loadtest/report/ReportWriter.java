package io.rtdispatch.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a report as a text table (terminal), JSON (machines, the docs generator) and HTML (people). */
public final class ReportWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {
  }

  public record ReportFiles(Path json, Path html) {
  }

  public static ReportFiles write(BenchmarkReport report, Path dir, String baseName) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(baseName + ".json");
    Path html = dir.resolve(baseName + ".html");
    JSON.writeValue(json.toFile(), report);
    Files.writeString(html, HtmlReport.render(report));
    return new ReportFiles(json, html);
  }

  public static BenchmarkReport readJson(Path file) throws IOException {
    return JSON.readValue(file.toFile(), BenchmarkReport.class);
  }

  /** Human-readable summary: medians per target and ratios of the first target to the others. */
  public static String table(BenchmarkReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append('\n').append(report.scenario()).append("  ").append(parameters(report.parameters()))
        .append("  runs per target: ").append(report.runsPerTarget())
        .append('\n');
    List<String> targets = report.targets();
    sb.append(String.format(Locale.ROOT, "%-34s %-5s", "metric (median)", "unit"));
    targets.forEach(t -> sb.append(String.format(Locale.ROOT, " %14s", t)));
    for (int i = 1; i < targets.size(); i++) {
      sb.append(String.format(Locale.ROOT, " %14s", targets.get(0) + "/" + targets.get(i)));
    }
    sb.append('\n');
    for (BenchmarkReport.Row row : report.summary()) {
      sb.append(String.format(Locale.ROOT, "%-34s %-5s", row.label(), row.unit()));
      row.medians().forEach(v -> sb.append(String.format(Locale.ROOT, " %14s", number(v))));
      row.ratios().forEach(v -> sb.append(String.format(Locale.ROOT, " %14s", v == null ? "-" : number(v))));
      sb.append('\n');
    }
    if (!report.notes().isEmpty()) {
      sb.append("notes:\n");
      report.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
    }
    return sb.toString();
  }

  static String parameters(Map<String, Object> parameters) {
    StringBuilder sb = new StringBuilder();
    parameters.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  /** Compact rendering: integers without decimals, small values with up to 3 significant decimals. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
