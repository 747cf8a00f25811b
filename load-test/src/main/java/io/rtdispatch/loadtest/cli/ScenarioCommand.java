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

  /** Batching window of the saturation search's publisher unless --batch-window-ms says otherwise. */
  static final double DEFAULT_SATURATION_WINDOW_MILLIS = 10;

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

  /** The run options, for scenarios that shape the client their own way (connect-rate). */
  RunOptions options() {
    return common.toRunOptions(saturation.saturate ? DEFAULT_SATURATION_WINDOW_MILLIS : 0);
  }

  /** The systems under test: {@code --target}, unless the scenario sets up its own (rolling-restart). */
  List<Target> targets() {
    return common.targets();
  }

  /** Releases what {@link #targets()} set up; called once the runs are over, whatever happened. */
  void release() {
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    RunOptions options = options();
    ScenarioPlan plan = plan(common.duration != null ? common.duration : defaultDurationSeconds());
    if (saturation.saturate && plan.eventsPerSecond() <= 0) {
      throw new ParameterException(spec.commandLine(), plan.name() + " publishes nothing: there is no rate to saturate");
    }
    List<Target> targets = targets();
    try {
      ScenarioRunner runner = new ScenarioRunner(options, System.err);
      if (common.warmupSeconds > 0) {
        ScenarioPlan warmup = plan(common.warmupSeconds);
        for (Target target : targets) {
          runner.run(target, warmup, 0);
        }
      }
      report = (saturation.saturate
          ? new SaturationFlow(runner, new SaturationSearch(saturation.criteria()), saturation.stepSeconds,
              common.runs, saturation.halfOf).run(targets, plan)
          : measure(runner, targets, plan))
          .withCommand(spec.root().name() + " "
              + String.join(" ", spec.root().commandLine().getParseResult().originalArgs()));
    } finally {
      release();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(ReportWriter.table(report));
    String base = common.name != null ? common.name
        : plan.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    var files = ReportWriter.write(report, common.outDir, base);
    out.println("reports: " + files.json() + " " + files.html());
    out.flush();
    return 0;
  }

  /** Runs the plan {@code --runs} times against each target (interleaved); scenarios may measure otherwise. */
  BenchmarkReport measure(ScenarioRunner runner, List<Target> targets, ScenarioPlan plan)
      throws InterruptedException {
    List<RunResult> results = new ArrayList<>();
    for (int run = 1; run <= common.runs; run++) {
      for (Target target : targets) {
        results.add(runner.run(target, plan, run));
      }
    }
    return BenchmarkReport.of(plan.name(), targets.stream().map(Target::name).toList(), plan.parameters(), results);
  }

  /** Topic index of each of {@code clients} connections, dealt round-robin over {@code topics}. */
  static int[] roundRobin(int clients, int topics) {
    int[] topicOf = new int[clients];
    for (int i = 0; i < clients; i++) {
      topicOf[i] = i % topics;
    }
    return topicOf;
  }

  void requirePositive(String option, double value) {
    common.requirePositive(option, value);
  }
}
