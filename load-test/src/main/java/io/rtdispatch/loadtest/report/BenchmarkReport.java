package io.rtdispatch.loadtest.report;

import io.rtdispatch.loadtest.run.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one invocation: every run, plus per metric the median over runs for each target and the ratio of
 * the first target to each other one (ours/nchan when invoked with {@code --target ours --target nchan}).
 * Medians rather than means: three runs on a shared machine often include one outlier.
 *
 * @param bottlenecks per target, what limited it (see {@code Bottleneck}): at saturation for a saturation search,
 *     else the verdict most of its runs share
 * @param command the tool's arguments that produced the report (null when not recorded)
 */
public record BenchmarkReport(String scenario, List<String> targets, Map<String, Object> parameters,
    List<Row> summary, List<String> notes, List<RunResult> runs, List<String> bottlenecks, String command) {

  /**
   * @param medians median per target, in target order
   * @param ratios first target's median divided by each later target's (null when undefined)
   */
  public record Row(String key, String label, String unit, boolean higherIsBetter, List<Double> medians,
      List<Double> ratios) {
  }

  public static BenchmarkReport of(String scenario, List<String> targets, Map<String, Object> parameters,
      List<RunResult> runs) {
    List<Row> rows = new ArrayList<>();
    for (Metric m : Metric.ALL) {
      if (!m.appliesTo(scenario)) {
        continue;
      }
      List<Double> medians = new ArrayList<>();
      for (String t : targets) {
        double[] values = runs.stream().filter(r -> r.target().equals(t)).mapToDouble(m.value()).toArray();
        medians.add(median(values));
      }
      if (m.scenarios().isEmpty() && medians.stream().allMatch(v -> v == 0 || v.isNaN())) {
        continue;
      }
      rows.add(row(m.key(), m.label(), m.unit(), m.higherIsBetter(), medians));
    }
    List<String> notes = new ArrayList<>();
    for (RunResult r : runs) {
      r.notes().forEach(n -> notes.add(r.target() + " run " + r.run() + ": " + n));
    }
    List<String> bottlenecks = targets.stream()
        .map(t -> typicalBottleneck(runs.stream().filter(r -> r.target().equals(t)).toList())).toList();
    return new BenchmarkReport(scenario, targets, new LinkedHashMap<>(parameters), rows, notes, runs, bottlenecks,
        null);
  }

  /** The bottleneck most runs share (by kind, the words before the colon), in the words of the first such run. */
  static String typicalBottleneck(List<RunResult> runs) {
    Map<String, Long> counts = new LinkedHashMap<>();
    runs.stream().map(RunResult::bottleneck).filter(b -> b != null)
        .forEach(b -> counts.merge(b.split(":")[0], 1L, Long::sum));
    String kind = counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    return kind == null ? null : runs.stream().map(RunResult::bottleneck)
        .filter(b -> b != null && b.split(":")[0].equals(kind)).findFirst().orElse(null);
  }

  public BenchmarkReport withCommand(String newCommand) {
    return new BenchmarkReport(scenario, targets, parameters, summary, notes, runs, bottlenecks, newCommand);
  }

  public BenchmarkReport withBottlenecks(List<String> newBottlenecks) {
    return new BenchmarkReport(scenario, targets, parameters, summary, notes, runs, newBottlenecks, command);
  }

  /** This report under another name, with rows put first and notes added (saturation results). */
  public BenchmarkReport withLeadingRows(String newScenario, List<Row> rows, List<String> extraNotes) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(summary);
    List<String> allNotes = new ArrayList<>(extraNotes);
    allNotes.addAll(notes);
    return new BenchmarkReport(newScenario, targets, parameters, all, allNotes, runs, bottlenecks, command);
  }

  /** A row of one value per target (in target order), with the first target's ratio to each other one. */
  public static Row row(String key, String label, String unit, boolean higherIsBetter, List<Double> values) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i < values.size(); i++) {
      double a = values.get(0) == null ? Double.NaN : values.get(0);
      double b = values.get(i) == null ? Double.NaN : values.get(i);
      ratios.add(b == 0 || Double.isNaN(a) || Double.isNaN(b) ? null : Math.round(a / b * 1000) / 1000.0);
    }
    return new Row(key, label, unit, higherIsBetter, values, ratios);
  }

  /** Median of the values (mean of the middle two for an even count), NaN (not measured) left out; 0 for none. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Runs per target (baseline runs of other names, as in slow-reader, not counted). */
  public int runsPerTarget() {
    return targets.isEmpty() ? 0 : (int) runs.stream().filter(r -> r.target().equals(targets.get(0))).count();
  }

  /** The summary row for a metric key, or null when it was all zero. */
  public Row row(String key) {
    return summary.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
  }
}
