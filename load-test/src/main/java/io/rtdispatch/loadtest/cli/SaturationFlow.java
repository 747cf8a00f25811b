package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.run.RunResult;
import io.rtdispatch.loadtest.run.SaturationSearch;
import io.rtdispatch.loadtest.run.ScenarioPlan;
import io.rtdispatch.loadtest.run.ScenarioRunner;
import io.rtdispatch.loadtest.run.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code --saturate}: per target the saturation search, then {@code runs - 1} more steps at the rate found (so the
 * figures at saturation are medians of {@code runs} steps), then {@code runs} runs at half a saturation rate: each
 * target's own, or with {@code --half-of NAME} that target's for all (issue 8's "p99 at half of nchan's saturation
 * rate"). The report's leading rows are the figures at saturation, the rest the usual metrics of the half-rate runs.
 */
final class SaturationFlow {
  private final ScenarioRunner runner;
  private final SaturationSearch search;
  private final double stepSeconds;
  private final int runs;
  private final String halfOf;

  SaturationFlow(ScenarioRunner runner, SaturationSearch search, double stepSeconds, int runs, String halfOf) {
    this.runner = runner;
    this.search = search;
    this.stepSeconds = stepSeconds;
    this.runs = runs;
    this.halfOf = halfOf;
  }

  BenchmarkReport run(List<Target> targets, ScenarioPlan plan) throws InterruptedException {
    List<String> names = targets.stream().map(Target::name).toList();
    List<SaturationSearch.Result> found = new ArrayList<>();
    List<List<RunResult>> atSaturation = new ArrayList<>();
    for (Target target : targets) {
      int[] step = {0};
      SaturationSearch.Result result = search.search(
          rate -> runner.run(target, plan.withRate(rate, stepSeconds), --step[0]), plan.eventsPerSecond());
      found.add(result);
      List<RunResult> steps = new ArrayList<>();
      if (result.saturated() != null && result.saturated().run() != null) {
        steps.add(result.saturated().run());
      }
      atSaturation.add(steps);
    }
    for (int repeat = 1; repeat < runs; repeat++) {
      for (int t = 0; t < targets.size(); t++) {
        if (found.get(t).rate() > 0) {
          atSaturation.get(t).add(runner.run(targets.get(t), plan.withRate(found.get(t).rate(), stepSeconds),
              -100 - repeat));
        }
      }
    }
    int reference = halfOf == null ? -1 : names.indexOf(halfOf);
    List<Double> halfRates = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      double base = found.get(reference >= 0 ? reference : t).rate();
      halfRates.add(Math.max(base, plan.eventsPerSecond() / 8) / 2);
    }
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (int t = 0; t < targets.size(); t++) {
        results.add(runner.run(targets.get(t), plan.withRate(halfRates.get(t), plan.durationSeconds()), run));
      }
    }
    List<String> notes = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      notes.add(names.get(t) + " saturation search: " + found.get(t).describe());
    }
    if (halfOf != null && reference < 0) {
      notes.add("--half-of " + halfOf + " names no target: each target ran at half of its own saturation rate");
    }
    List<BenchmarkReport.Row> rows = new ArrayList<>();
    rows.add(BenchmarkReport.row("saturationRate", "published events/s at saturation", "1/s", true,
        found.stream().map(SaturationSearch.Result::rate).toList()));
    rows.add(medianRow(atSaturation, "saturationDeliveries", "deliveries/s at saturation", "1/s", true,
        r -> r.delivery().deliveriesPerSecond()));
    rows.add(medianRow(atSaturation, "saturationPublishP50", "publish round trip p50 at saturation", "ms", false,
        r -> r.publishing().requestTime().p50()));
    rows.add(medianRow(atSaturation, "saturationPublishP99", "publish round trip p99 at saturation", "ms", false,
        r -> r.publishing().requestTime().p99()));
    rows.add(medianRow(atSaturation, "saturationLatencyP99", "latency p99 at saturation", "ms", false,
        r -> r.delivery().latency().p99()));
    rows.add(medianRow(atSaturation, "saturationServerCpu", "server CPU at saturation", "%", false,
        r -> r.server().cpuPercent()));
    rows.add(medianRow(atSaturation, "saturationClientCpu", "client CPU at saturation", "%", false,
        r -> r.client().cpuPercent()));
    rows.add(BenchmarkReport.row("measuredRate", "published events/s offered below", "1/s", true, halfRates));
    String title = plan.name() + " at saturation; metrics below at half of "
        + (reference >= 0 ? halfOf + "'s saturation rate" : "each target's own saturation rate");
    return BenchmarkReport.of(plan.name(), names, plan.parameters(), results).withLeadingRows(title, rows, notes)
        .withBottlenecks(found.stream().map(f -> f.limit().describe()).toList());
  }

  private static BenchmarkReport.Row medianRow(List<List<RunResult>> perTarget, String key, String label, String unit,
      boolean higherIsBetter, ToDoubleFunction<RunResult> value) {
    List<Double> medians = perTarget.stream()
        .map(runsOfTarget -> BenchmarkReport.median(runsOfTarget.stream().mapToDouble(value).toArray())).toList();
    return BenchmarkReport.row(key, label, unit, higherIsBetter, medians);
  }
}
