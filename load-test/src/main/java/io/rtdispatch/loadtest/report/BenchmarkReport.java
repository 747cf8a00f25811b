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
 */
public record BenchmarkReport(String scenario, List<String> targets, Map<String, Object> parameters,
    List<Row> summary, List<String> notes, List<RunResult> runs) {

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
      List<Double> medians = new ArrayList<>();
      for (String t : targets) {
        double[] values = runs.stream().filter(r -> r.target().equals(t)).mapToDouble(m.value()).toArray();
        medians.add(median(values));
      }
      if (medians.stream().allMatch(v -> v == 0)) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 1; i < medians.size(); i++) {
        ratios.add(medians.get(i) == 0 ? null : Math.round(medians.get(0) / medians.get(i) * 1000) / 1000.0);
      }
      rows.add(new Row(m.key(), m.label(), m.unit(), m.higherIsBetter(), medians, ratios));
    }
    List<String> notes = new ArrayList<>();
    for (RunResult r : runs) {
      r.notes().forEach(n -> notes.add(r.target() + " run " + r.run() + ": " + n));
    }
    return new BenchmarkReport(scenario, targets, new LinkedHashMap<>(parameters), rows, notes, runs);
  }

  /** This report under another name, with rows put first and notes added (saturation results). */
  public BenchmarkReport withLeadingRows(String newScenario, List<Row> rows, List<String> extraNotes) {
    List<Row> all = new ArrayList<>(rows);
    all.addAll(summary);
    List<String> allNotes = new ArrayList<>(extraNotes);
    allNotes.addAll(notes);
    return new BenchmarkReport(newScenario, targets, parameters, all, allNotes, runs);
  }

  /** A row of one value per target (in target order), with the first target's ratio to each other one. */
  public static Row row(String key, String label, String unit, boolean higherIsBetter, List<Double> values) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 1; i < values.size(); i++) {
      ratios.add(values.get(i) == 0 ? null : Math.round(values.get(0) / values.get(i) * 1000) / 1000.0);
    }
    return new Row(key, label, unit, higherIsBetter, values, ratios);
  }

  /** Median of the values (mean of the middle two for an even count); 0 for none. */
  public static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The summary row for a metric key, or null when it was all zero. */
  public Row row(String key) {
    return summary.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
  }
}
