package io.rtdispatch.loadtest.report;

import io.rtdispatch.loadtest.run.RunResult;
import io.rtdispatch.loadtest.run.TimelinePoint;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched) so a report can be attached to an
 * issue or opened offline: latency percentiles per target (log scale), deliveries per second over time, the summary
 * table with ratios, and every run's key numbers.
 */
final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
  private static final String[] PERCENTILE_KEYS = {"latencyP50", "latencyP90", "latencyP99", "latencyP999",
      "latencyMax"};
  private static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p99.9", "max"};

  private HtmlReport() {
  }

  static String render(BenchmarkReport report) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(report.scenario()))
        .append(" benchmark</title><style>body{font:14px sans-serif;margin:24px;color:#222}"
            + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
            + ".note{color:#a33}</style></head><body>");
    h.append("<h1>").append(esc(report.scenario())).append("</h1><p>")
        .append(esc(ReportWriter.parameters(report.parameters()))).append("</p>");
    legend(h, report.targets());
    h.append("<h2>Publish → delivery latency (median over runs, ms, log scale)</h2>");
    latencyChart(h, report);
    h.append("<h2>Deliveries per second over time (first run of each target)</h2>");
    throughputChart(h, report);
    h.append("<h2>Summary (medians)</h2>");
    summaryTable(h, report);
    h.append("<h2>Runs</h2>");
    runsTable(h, report.runs());
    if (!report.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      report.notes().forEach(n -> h.append("<li class=\"note\">").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void legend(StringBuilder h, List<String> targets) {
    h.append("<p>");
    for (int i = 0; i < targets.size(); i++) {
      h.append("<span style=\"color:").append(color(i)).append("\">■ ").append(esc(targets.get(i)))
          .append("</span> ");
    }
    h.append("</p>");
  }

  private static void latencyChart(StringBuilder h, BenchmarkReport report) {
    int w = 640;
    int ht = 260;
    int left = 50;
    int bottom = 30;
    double maxLog = 0;
    double minLog = -2;
    for (String key : PERCENTILE_KEYS) {
      BenchmarkReport.Row row = report.row(key);
      if (row != null) {
        for (double v : row.medians()) {
          maxLog = Math.max(maxLog, Math.ceil(Math.log10(Math.max(v, 0.01))));
        }
      }
    }
    h.append(svgOpen(w, ht));
    double plotH = ht - bottom - 10;
    for (int e = (int) minLog; e <= maxLog; e++) {
      double y = 10 + plotH - (e - minLog) / (maxLog - minLog) * plotH;
      h.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", left, w, y, y, left - 4,
          y + 4, ReportWriter.number(Math.pow(10, e))));
    }
    int groups = PERCENTILE_KEYS.length;
    int n = report.targets().size();
    double groupW = (w - left) / (double) groups;
    double barW = groupW * 0.8 / n;
    for (int g = 0; g < groups; g++) {
      BenchmarkReport.Row row = report.row(PERCENTILE_KEYS[g]);
      double x0 = left + g * groupW + groupW * 0.1;
      h.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s"
          + "</text>", x0 + groupW * 0.4, ht - 10, PERCENTILE_LABELS[g]));
      for (int t = 0; row != null && t < n; t++) {
        double v = row.medians().get(t);
        double log = Math.log10(Math.max(v, 0.01));
        double barH = (log - minLog) / (maxLog - minLog) * plotH;
        h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            + "fill=\"%s\"><title>%s %s: %s ms</title></rect>", x0 + t * barW, 10 + plotH - barH, barW - 2, barH,
            color(t), esc(report.targets().get(t)), PERCENTILE_LABELS[g], ReportWriter.number(v)));
      }
    }
    h.append("</svg>");
  }

  private static void throughputChart(StringBuilder h, BenchmarkReport report) {
    int w = 640;
    int ht = 240;
    int left = 60;
    double maxT = 1;
    double maxV = 1;
    for (RunResult r : report.runs()) {
      for (TimelinePoint p : r.timeline()) {
        maxT = Math.max(maxT, p.t());
        maxV = Math.max(maxV, p.deliveriesPerSecond());
      }
    }
    h.append(svgOpen(w, ht));
    double plotW = w - left - 10;
    double plotH = ht - 40;
    for (int i = 0; i <= 4; i++) {
      double y = 10 + plotH - i * plotH / 4;
      h.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", left, w, y, y, left - 4,
          y + 4, ReportWriter.number(Math.round(maxV * i / 4))));
    }
    h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">time (s), 0–%s</text>", left,
        ht - 8, ReportWriter.number(maxT)));
    for (int t = 0; t < report.targets().size(); t++) {
      String name = report.targets().get(t);
      RunResult first = report.runs().stream().filter(r -> r.target().equals(name)).findFirst().orElse(null);
      if (first == null || first.timeline().isEmpty()) {
        continue;
      }
      StringBuilder points = new StringBuilder();
      for (TimelinePoint p : first.timeline()) {
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + p.t() / maxT * plotW,
            10 + plotH - p.deliveriesPerSecond() / maxV * plotH));
      }
      h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color(t)).append("\" points=\"")
          .append(points).append("\"/>");
    }
    h.append("</svg>");
  }

  private static void summaryTable(StringBuilder h, BenchmarkReport report) {
    h.append("<table><tr><th>metric</th><th>unit</th>");
    report.targets().forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
    for (int i = 1; i < report.targets().size(); i++) {
      h.append("<th>").append(esc(report.targets().get(0) + "/" + report.targets().get(i))).append("</th>");
    }
    h.append("</tr>");
    for (BenchmarkReport.Row row : report.summary()) {
      h.append("<tr><td>").append(esc(row.label())).append("</td><td>").append(esc(row.unit())).append("</td>");
      row.medians().forEach(v -> h.append("<td>").append(ReportWriter.number(v)).append("</td>"));
      row.ratios().forEach(v -> h.append("<td>").append(v == null ? "–" : ReportWriter.number(v)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</table>");
  }

  private static void runsTable(StringBuilder h, List<RunResult> runs) {
    h.append("<table><tr><th>target</th><th>run</th><th>open</th><th>deliveries/s</th><th>p99 ms</th>"
        + "<th>loss %</th><th>dup</th><th>server CPU %</th><th>client CPU %</th><th>client-bound</th></tr>");
    for (RunResult r : runs) {
      h.append("<tr><td>").append(esc(r.target())).append("</td><td>").append(r.run()).append("</td><td>")
          .append(r.connections().openAtMeasureStart()).append("</td><td>")
          .append(ReportWriter.number(r.delivery().deliveriesPerSecond())).append("</td><td>")
          .append(ReportWriter.number(r.delivery().latency().p99())).append("</td><td>")
          .append(ReportWriter.number(r.delivery().lossRatio() * 100)).append("</td><td>")
          .append(r.delivery().duplicates()).append("</td><td>")
          .append(ReportWriter.number(r.server().cpuPercent())).append("</td><td>")
          .append(ReportWriter.number(r.client().cpuPercent())).append("</td><td>")
          .append(r.client().clientBound() ? "yes" : "no").append("</td></tr>");
    }
    h.append("</table>");
  }

  private static String svgOpen(int w, int h) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w
        + " " + h + "\" style=\"border:1px solid #eee\">";
  }

  private static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
