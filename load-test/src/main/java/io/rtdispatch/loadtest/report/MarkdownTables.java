package io.rtdispatch.loadtest.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders benchmark reports as Markdown tables for docs/benchmarks.md and splices them between marker comments, so
 * the suite can regenerate the numbers without touching the hand-written text around them.
 */
public final class MarkdownTables {
  public static final String START = "<!-- bench:results:start -->";
  public static final String END = "<!-- bench:results:end -->";

  private MarkdownTables() {
  }

  /**
   * Tables for the reports, one per scenario. Columns are the {@code expectedTargets} in order plus the ratio of the
   * first to the second; a target without a run in a report shows "pending".
   */
  public static String render(List<BenchmarkReport> reports, List<String> expectedTargets, String header) {
    StringBuilder md = new StringBuilder();
    md.append(header.strip()).append("\n\n");
    for (BenchmarkReport r : reports) {
      List<String> columns = new ArrayList<>(expectedTargets);
      r.targets().stream().filter(t -> !columns.contains(t)).forEach(columns::add);
      int runs = r.runsPerTarget();
      md.append("### ").append(r.scenario()).append("\n\n`").append(ReportWriter.parameters(r.parameters()))
          .append("`, median of ").append(runs).append(runs == 1 ? " run" : " runs").append("\n\n| metric | unit |");
      columns.forEach(c -> md.append(' ').append(c).append(" |"));
      boolean ratio = columns.size() >= 2;
      if (ratio) {
        md.append(' ').append(columns.get(0)).append('/').append(columns.get(1)).append(" |");
      }
      md.append("\n|---|---|").append("---:|".repeat(columns.size() + (ratio ? 1 : 0))).append('\n');
      for (BenchmarkReport.Row row : r.summary()) {
        md.append("| ").append(row.label()).append(" | ").append(row.unit()).append(" |");
        List<Double> values = new ArrayList<>();
        for (String c : columns) {
          int i = r.targets().indexOf(c);
          Double v = i < 0 ? null : row.medians().get(i);
          values.add(v);
          md.append(' ').append(v == null ? "pending" : ReportWriter.number(v)).append(" |");
        }
        if (ratio) {
          Double a = values.get(0);
          Double b = values.get(1);
          md.append(' ').append(a == null || b == null || b == 0 ? "–" : ReportWriter.number(a / b)).append(" |");
        }
        md.append('\n');
      }
      Set<String> notes = new LinkedHashSet<>();
      r.notes().forEach(n -> notes.add(n.replaceFirst(" run \\d+:", ":")));
      if (!notes.isEmpty()) {
        md.append("\nNotes: ").append(String.join("; ", notes)).append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** Replaces what is between the markers (appending the markers when the document has none). */
  public static String splice(String document, String generated) {
    int start = document.indexOf(START);
    int end = document.indexOf(END);
    String block = START + "\n" + generated.strip() + "\n" + END;
    if (start < 0 || end < start) {
      return document + (document.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
    }
    return document.substring(0, start) + block + document.substring(end + END.length());
  }
}
