package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.ScenarioPlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One hot topic: every viewer watches the same live video, likes arrive at a steady rate (pure fan-out). */
@Command(name = "live-video", mixinStandardHelpOptions = true,
    description = "One hot topic with N viewers and R likes per second: measures fan-out throughput and latency.")
final class LiveVideoCommand extends ScenarioCommand {
  @Option(names = "--viewers", defaultValue = "1000", description = "Subscribers on the topic. Default: ${DEFAULT-VALUE}.")
  int viewers;

  @Option(names = "--likes-per-second", defaultValue = "50", description = "Published events per second. Default: ${DEFAULT-VALUE}.")
  double likesPerSecond;

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--viewers", viewers);
    requirePositive("--likes-per-second", likesPerSecond);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("viewers", viewers);
    return hotTopicPlan("live-video", viewers, likesPerSecond, duration, params);
  }

  /** One topic, {@code viewers} subscribers, every event published to it. */
  static ScenarioPlan hotTopicPlan(String name, int viewers, double likesPerSecond, double duration,
      Map<String, Object> params) {
    params.put("likesPerSecond", likesPerSecond);
    params.put("durationSeconds", duration);
    return new ScenarioPlan(name, 1, new int[viewers], random -> 0, likesPerSecond, duration, List.of(), 0, false,
        params);
  }
}
