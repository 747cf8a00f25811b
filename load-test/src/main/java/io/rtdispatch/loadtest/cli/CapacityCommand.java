package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.ScenarioPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Idle connections up to a target count, then the server's memory per connection: RSS from /proc and, for a JVM,
 * used heap after a full GC (jcmd), both compared with the same numbers taken before connecting. Idle CPU (heartbeats,
 * timers) is measured over the hold time.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
    description = "Open idle connections up to a target count; report server RSS and heap per connection.")
final class CapacityCommand extends ScenarioCommand {
  @Option(names = "--connections", defaultValue = "10000", description = "Idle streams to open. Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--topics", defaultValue = "1000", description = "Topics (connections spread round-robin). Default: ${DEFAULT-VALUE}.")
  int topics;

  @Override
  double defaultDurationSeconds() {
    return 5;
  }

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--connections", connections);
    requirePositive("--topics", topics);
    return idlePlan("capacity", connections, topics, duration, true, new LinkedHashMap<>());
  }

  /** Idle streams spread round-robin over topics, held for {@code duration}; nothing is published. */
  static ScenarioPlan idlePlan(String name, int connections, int topics, double duration, boolean measureMemory,
      Map<String, Object> params) {
    int[] topicOf = ScenarioCommand.roundRobin(connections, topics);
    params.put("connections", connections);
    params.put("topics", topics);
    params.put("holdSeconds", duration);
    return new ScenarioPlan(name, topics, topicOf, random -> 0, 0, duration, List.of(), 0, measureMemory, params);
  }
}
