package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.dc.LaunchedDataCenter;
import io.rtdispatch.loadtest.dc.RollingRestart;
import io.rtdispatch.loadtest.report.BenchmarkReport;
import io.rtdispatch.loadtest.run.RunOptions;
import io.rtdispatch.loadtest.run.ScenarioPlan;
import io.rtdispatch.loadtest.run.ScenarioRunner;
import io.rtdispatch.loadtest.run.Target;
import io.rtdispatch.loadtest.run.TargetKind;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * A deploy under traffic: the tool launches a data center with the project's launcher (loopback, its own ports),
 * spreads clients over every frontend, publishes steadily through the dispatchers, and restarts each frontend in turn
 * (graceful stop, start, ready). Clients whose stream ends reconnect to the next frontend with their last event id.
 * Reports live, recovered, lost and duplicated events. Ours only: nchan has no frontends to roll.
 */
@Command(name = "rolling-restart", mixinStandardHelpOptions = true,
    description = {"Restart every frontend of a launched data center in turn under steady traffic; clients move to "
        + "the other frontends and resume with Last-Event-ID. Reports events received live, recovered, lost and "
        + "duplicated.", "Launches its own data center (--node-jar); --target is not used."})
final class RollingRestartCommand extends ScenarioCommand {
  @Option(names = "--clients", defaultValue = "300", description = "Subscribers, spread over the frontends. Default: ${DEFAULT-VALUE}.")
  int clients;

  @Option(names = "--topics", defaultValue = "30", description = "Topics (clients spread round-robin). Default: ${DEFAULT-VALUE}.")
  int topics;

  @Option(names = "--events-per-second", defaultValue = "50", description = "Publish rate. Default: ${DEFAULT-VALUE}.")
  double eventsPerSecond;

  @Mixin
  DataCenterLaunchOptions launch = new DataCenterLaunchOptions(3, 1, 18300, 12800, "-XX:+UseG1GC -Xms64m -Xmx512m",
      "bench-results/rolling-restart-logs");

  @Option(names = "--lead-in", defaultValue = "3", paramLabel = "SECONDS", description = "From the start of measuring to the first stop. Default: ${DEFAULT-VALUE}.")
  double leadInSeconds;

  @Option(names = "--pause", defaultValue = "3", paramLabel = "SECONDS", description = "Between a frontend being ready again and the next stop. Default: ${DEFAULT-VALUE}.")
  double pauseSeconds;

  @Option(names = "--restart-grace", defaultValue = "120", paramLabel = "SECONDS", description = "How long past --duration the restarts may go on (publishing has stopped then). Default: ${DEFAULT-VALUE}.")
  double graceSeconds;

  @Option(names = "--node-timeout", defaultValue = "180", paramLabel = "SECONDS", description = "Longest start of the data center, stop or start of a node. Default: ${DEFAULT-VALUE}.")
  double nodeTimeoutSeconds;

  private LaunchedDataCenter dataCenter;

  @Override
  double defaultDurationSeconds() {
    return 60;
  }

  /** Streams the stopping frontends end are reconnected, whatever --reconnect says. */
  @Override
  RunOptions options() {
    return super.options().withReconnect();
  }

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--clients", clients);
    requirePositive("--topics", topics);
    requirePositive("--events-per-second", eventsPerSecond);
    requirePositive("--frontends", launch.frontends);
    requirePositive("--dispatchers", launch.dispatchers);
    requirePositive("--node-timeout", nodeTimeoutSeconds);
    if (leadInSeconds < 0 || pauseSeconds < 0 || graceSeconds < 0) {
      throw new ParameterException(spec.commandLine(), "--lead-in, --pause and --restart-grace must not be negative");
    }
    if (!common.targets.isEmpty() || common.warmupSeconds > 0 || saturation.saturate) {
      throw new ParameterException(spec.commandLine(), "rolling-restart launches its own data center and restarts"
          + " it once per run: --target, --warmup and --saturate do not apply");
    }
    int[] topicOf = roundRobin(clients, topics);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("clients", clients);
    params.put("topics", topics);
    params.put("eventsPerSecond", eventsPerSecond);
    params.put("frontends", launch.frontends);
    params.put("dispatchers", launch.dispatchers);
    params.put("durationSeconds", duration);
    return new ScenarioPlan("rolling-restart", topics, topicOf, random -> random.nextInt(topics), eventsPerSecond,
        duration, List.of(), 0, false, params);
  }

  /** Launches the data center; the target is its frontends (clients spread round-robin) and dispatchers. */
  @Override
  List<Target> targets() {
    dataCenter = launch.start("rolling-restart", List.of(), Duration.ofMillis((long) (nodeTimeoutSeconds * 1000)));
    return List.of(new Target("ours", TargetKind.RTD,
        dataCenter.frontends().stream().map(LaunchedDataCenter.Node::url).toList(),
        dataCenter.dispatchers().stream().map(LaunchedDataCenter.Node::url).toList(), null));
  }

  @Override
  BenchmarkReport measure(ScenarioRunner runner, List<Target> targets, ScenarioPlan plan)
      throws InterruptedException {
    return super.measure(runner, targets,
        plan.withDisruption(new RollingRestart(dataCenter, leadInSeconds, pauseSeconds, graceSeconds)));
  }

  @Override
  void release() {
    if (dataCenter != null) {
      dataCenter.close();
      dataCenter = null;
    }
  }
}
