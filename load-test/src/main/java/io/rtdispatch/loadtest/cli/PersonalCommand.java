package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.ScenarioPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Personal topics: one subscriber per topic (a member's notifications), events spread uniformly: routing cost. */
@Command(name = "personal", mixinStandardHelpOptions = true,
    description = "One subscriber per topic, many topics, events to uniformly random topics.")
final class PersonalCommand extends ScenarioCommand {
  @Option(names = "--topics", defaultValue = "5000", description = "Topics = subscribers. Default: ${DEFAULT-VALUE}.")
  int topics;

  @Option(names = "--events-per-second", defaultValue = "500", description = "Published events per second. Default: ${DEFAULT-VALUE}.")
  double eventsPerSecond;

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--topics", topics);
    requirePositive("--events-per-second", eventsPerSecond);
    int[] topicOf = new int[topics];
    for (int i = 0; i < topics; i++) {
      topicOf[i] = i;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("topics", topics);
    params.put("eventsPerSecond", eventsPerSecond);
    params.put("durationSeconds", duration);
    return new ScenarioPlan("personal", topics, topicOf, random -> random.nextInt(topics), eventsPerSecond,
        duration, List.of(), 0, false, params);
  }
}
