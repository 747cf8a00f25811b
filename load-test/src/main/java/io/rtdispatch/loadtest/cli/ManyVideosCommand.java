package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.ScenarioPlan;
import io.rtdispatch.loadtest.stats.ZipfDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Many live videos with Zipf-distributed audiences (a few hits, a long tail); likes follow the same popularity, so
 * the server routes to many topics of very different fan-out at once.
 */
@Command(name = "many-videos", mixinStandardHelpOptions = true,
    description = "Many topics with a Zipf-like viewer distribution; likes picked with the same popularity.")
final class ManyVideosCommand extends ScenarioCommand {
  @Option(names = "--videos", defaultValue = "200", description = "Topics. Default: ${DEFAULT-VALUE}.")
  int videos;

  @Option(names = "--viewers", defaultValue = "5000", description = "Subscribers in total. Default: ${DEFAULT-VALUE}.")
  int viewers;

  @Option(names = "--zipf", defaultValue = "1.0", description = "Zipf exponent (0 = uniform). Default: ${DEFAULT-VALUE}.")
  double exponent;

  @Option(names = "--likes-per-second", defaultValue = "200", description = "Published events per second over all videos. Default: ${DEFAULT-VALUE}.")
  double likesPerSecond;

  @Override
  ScenarioPlan plan(double duration) {
    requirePositive("--videos", videos);
    requirePositive("--viewers", viewers);
    requirePositive("--likes-per-second", likesPerSecond);
    if (exponent < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--zipf must not be negative");
    }
    ZipfDistribution zipf = new ZipfDistribution(videos, exponent);
    int[] perVideo = zipf.allocate(viewers, 1);
    int[] topicOf = new int[viewers];
    int i = 0;
    for (int video = 0; video < videos; video++) {
      for (int v = 0; v < perVideo[video]; v++) {
        topicOf[i++] = video;
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("videos", videos);
    params.put("viewers", viewers);
    params.put("zipf", exponent);
    params.put("topVideoViewers", perVideo[0]);
    params.put("likesPerSecond", likesPerSecond);
    params.put("durationSeconds", duration);
    return new ScenarioPlan("many-videos", videos, topicOf, zipf::sample, likesPerSecond, duration, List.of(), 0,
        false, params);
  }
}
