package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.report.ReportWriter;
import io.rtdispatch.loadtest.run.RunOptions;
import io.rtdispatch.loadtest.run.RunResult;
import io.rtdispatch.loadtest.run.SaturationSearch;
import io.rtdispatch.loadtest.run.ScenarioPlan;
import io.rtdispatch.loadtest.run.ScenarioRunner;
import io.rtdispatch.loadtest.run.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared flow of every scenario subcommand: build the plan, run it {@code --runs} times against each target
 * (interleaved, so slow drift of the machine hits all targets alike), then print the table and write JSON and HTML.
 * The report stays available through {@link #report()} for programmatic callers (tests, CI smoke runs).
 */
abstract class ScenarioCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Mixin
  SaturationOptions saturation;

  @Spec
  CommandSpec spec;

  private BenchmarkReport report;

  /** The scenario's plan for this invocation's options. */
  abstract ScenarioPlan plan(double durationSeconds);

  /** Measurement time when --duration is not given. */
  double defaultDurationSeconds() {
    return 20;
  }

  BenchmarkReport report() {
    return report;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    RunOptions options = common.toRunOptions();
    ScenarioPlan plan = plan(common.duration != null ? common.duration : defaultDurationSeconds());
    List<Target> targets = common.targets();
    ScenarioRunner runner = new ScenarioRunner(options, System.err);
    if (common.warmupSeconds > 0) {
      ScenarioPlan warmup = plan(common.warmupSeconds);
      for (Target target : targets) {
        runner.run(target, warmup, 0);
      }
    }
    report = saturation.saturate ? saturate(runner, targets, plan) : fixedRate(runner, targets, plan);
    PrintWriter out = spec.commandLine().getOut();
    out.print(ReportWriter.table(report));
    String base = common.name != null ? common.name
        : plan.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    var files = ReportWriter.write(report, common.outDir, base);
    out.println("reports: " + files.json() + " " + files.html());
    out.flush();
    return 0;
  }

  private BenchmarkReport fixedRate(ScenarioRunner runner, List<Target> targets, ScenarioPlan plan)
      throws InterruptedException {
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= common.runs; run++) {
      for (Target target : targets) {
        results.add(runner.run(target, plan, run));
      }
    }
    return BenchmarkReport.of(plan.name(), targets.stream().map(Target::name).toList(), plan.parameters(), results);
  }

  /**
   * Per target: the saturation search, then {@code --runs} runs at half the rate found. The report's rows are the
   * rate and deliveries/s at saturation, then the usual metrics of the half-saturation runs (medians).
   */
  private BenchmarkReport saturate(ScenarioRunner runner, List<Target> targets, ScenarioPlan plan)
      throws InterruptedException {
    if (plan.eventsPerSecond() <= 0) {
      throw new ParameterException(spec.commandLine(), plan.name() + " publishes nothing: there is no rate to saturate");
    }
    SaturationSearch search = new SaturationSearch(saturation.criteria());
    List<SaturationSearch.Result> found = new ArrayList<>();
    for (Target target : targets) {
      int[] step = {0};
      found.add(search.search(rate -> runner.run(target, plan.withRate(rate, saturation.stepSeconds), --step[0]),
          plan.eventsPerSecond()));
    }
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= common.runs; run++) {
      for (int t = 0; t < targets.size(); t++) {
        double half = Math.max(found.get(t).rate(), plan.eventsPerSecond() / 8) / 2;
        results.add(runner.run(targets.get(t), plan.withRate(half, plan.durationSeconds()), run));
      }
    }
    List<String> names = targets.stream().map(Target::name).toList();
    List<String> notes = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      notes.add(names.get(t) + " saturation search: " + found.get(t).describe());
    }
    List<BenchmarkReport.Row> rows = List.of(
        BenchmarkReport.row("saturationRate", "published events/s at saturation", "1/s", true,
            found.stream().map(SaturationSearch.Result::rate).toList()),
        BenchmarkReport.row("saturationDeliveries", "deliveries/s at saturation", "1/s", true,
            found.stream().map(SaturationSearch.Result::deliveriesPerSecond).toList()));
    return BenchmarkReport.of(plan.name(), names, plan.parameters(), results)
        .withLeadingRows(plan.name() + " at saturation; metrics below at half of it", rows, notes);
  }

  void requirePositive(String option, double value) {
    common.requirePositive(option, value);
  }
}
