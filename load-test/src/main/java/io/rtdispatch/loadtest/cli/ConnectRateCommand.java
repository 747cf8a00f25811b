package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.RunOptions;
import io.rtdispatch.loadtest.run.ScenarioPlan;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Connection set-up under a burst: open many streams at a fixed high rate, spread over worker processes and loopback
 * source addresses, and report how many the server accepted, how many failed, how long each took until it was
 * ready (our {@code connected} frame, nchan's response head), the accept rate reached and the server's CPU per
 * set-up. The streams are then held idle for {@code --duration} seconds and closed.
 */
@Command(name = "connect-rate", mixinStandardHelpOptions = true,
    description = "Open N streams at R per second (over worker processes and 127.0.0.x sources): accepted, failures,"
        + " time to a ready stream.")
final class ConnectRateCommand extends ScenarioCommand {
  /** Worker processes when --workers is left at auto: the burst is spread over processes as real clients are. */
  static final int DEFAULT_WORKERS = 4;

  @Option(names = "--connections", defaultValue = "10000", description = "Streams to open. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--rate", defaultValue = "5000", paramLabel = "PER_SECOND",
      description = "New connections per second over all processes (replaces --connect-rate). Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--topics", defaultValue = "1000", description = "Topics (streams spread round-robin). Default: ${DEFAULT-VALUE}.")
  int topics;

  @Override
  double defaultDurationSeconds() {
    return 2;
  }

  @Override
  RunOptions options() {
    requirePositive("--rate", rate);
    int workers = common.workers >= 0 ? common.workers : DEFAULT_WORKERS;
    return super.options().withConnects(rate, Math.min(workers, connections));
  }

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--connections", connections);
    requirePositive("--topics", topics);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("connectsPerSecond", rate);
    return CapacityCommand.idlePlan("connect-rate", connections, topics, duration, false, params);
  }
}
