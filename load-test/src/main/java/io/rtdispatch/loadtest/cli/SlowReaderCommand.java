package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.run.RunResult;
import io.rtdispatch.loadtest.run.ScenarioPlan;
import io.rtdispatch.loadtest.run.ScenarioRunner;
import io.rtdispatch.loadtest.run.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Slow readers must stay their own problem: N readers on one hot topic, measured once alone (the baseline) and once
 * with extra clients on the same topic that stop reading as soon as their stream is set up (small receive buffers,
 * so the server soon has to hold or drop what they do not take). The leading rows compare the readers' p99 with and
 * without the stalled clients; the rest are the metrics of the runs with them (server RSS at the end, server-side
 * drops, the readers' loss). Baseline runs are kept in the report under the target's name plus
 * {@value #BASELINE_SUFFIX}.
 */
@Command(name = "slow-reader", mixinStandardHelpOptions = true,
    description = "N readers plus M clients that never read on one hot topic: the readers' p99 with and without them.")
final class SlowReaderCommand extends ScenarioCommand {
  static final String BASELINE_SUFFIX = "-baseline";

  @Option(names = "--readers", defaultValue = "1000", description = "Subscribers that read. Default: ${DEFAULT-VALUE}.")
  int readers;

  @Option(names = "--stalled", defaultValue = "1000", description = "Subscribers that stop reading once set up. Default: ${DEFAULT-VALUE}.")
  int stalled;

  @Option(names = "--likes-per-second", defaultValue = "20", description = "Published events per second. Default: ${DEFAULT-VALUE}.")
  double likesPerSecond;

  @Option(names = "--stalled-receive-buffer", defaultValue = "4096", paramLabel = "BYTES",
      description = "SO_RCVBUF of the stalled clients (0 = the system's). Default: ${DEFAULT-VALUE}.")
  int receiveBuffer;

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--readers", readers);
    requirePositive("--stalled", stalled);
    requirePositive("--likes-per-second", likesPerSecond);
    if (receiveBuffer < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--stalled-receive-buffer must not be negative");
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("readers", readers);
    params.put("stalled", stalled);
    params.put("stalledReceiveBuffer", receiveBuffer);
    return LiveVideoCommand.hotTopicPlan("slow-reader", readers, likesPerSecond, duration, params);
  }

  @Override
  BenchmarkReport measure(ScenarioRunner runner, List<Target> targets, ScenarioPlan plan)
      throws InterruptedException {
    ScenarioPlan withStalled = plan.withStalled(stalled, 0, receiveBuffer);
    List<RunResult> baselines = new ArrayList<>();
    List<RunResult> stalledRuns = new ArrayList<>();
    for (int run = 1; run <= common.runs; run++) {
      for (Target target : targets) {
        Target baseline = new Target(target.name() + BASELINE_SUFFIX, target.kind(), target.subscribeUrls(),
            target.publishUrls(), target.pid());
        baselines.add(runner.run(baseline, plan, run));
        stalledRuns.add(runner.run(target, withStalled, run));
      }
    }
    List<String> names = targets.stream().map(Target::name).toList();
    List<RunResult> all = new ArrayList<>(stalledRuns);
    all.addAll(baselines);
    return BenchmarkReport.of(plan.name(), names, plan.parameters(), all)
        .withLeadingRows(plan.name(), comparisonRows(names, baselines, stalledRuns, stalled), List.of());
  }

  /** Per target: the readers' p99 alone, with the stalled clients, and the ratio of the two (medians over runs). */
  static List<BenchmarkReport.Row> comparisonRows(List<String> names, List<RunResult> baselines,
      List<RunResult> stalledRuns, int stalledCount) {
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    List<Double> ratio = new ArrayList<>();
    for (String name : names) {
      double a = medianP99(baselines, name + BASELINE_SUFFIX);
      double b = medianP99(stalledRuns, name);
      without.add(a);
      with.add(b);
      ratio.add(a > 0 ? Math.round(b / a * 100) / 100.0 : Double.NaN);
    }
    return List.of(
        BenchmarkReport.row("readersP99Alone", "readers' p99 without stalled clients", "ms", false, without),
        BenchmarkReport.row("readersP99Stalled", "readers' p99 with " + stalledCount + " stalled clients", "ms", false,
            with),
        BenchmarkReport.row("readersP99Ratio", "readers' p99 with / without", "", false, ratio));
  }

  private static double medianP99(List<RunResult> runs, String target) {
    return BenchmarkReport.median(runs.stream().filter(r -> r.target().equals(target))
        .mapToDouble(r -> r.delivery().latency().p99()).toArray());
  }
}
