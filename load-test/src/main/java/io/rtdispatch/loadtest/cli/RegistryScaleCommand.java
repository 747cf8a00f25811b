package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.dc.LaunchedDataCenter;
import io.rtdispatch.loadtest.registry.RegistryScale;
import io.rtdispatch.loadtest.registry.RegistryScaleSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Registry scale (issue 12): launches a data center (separate processes on loopback), opens streams with many new
 * topics in bursts, and reports subscribe → routable latency, whether routable topics really are routed, entries
 * and heap per entry on each node, the time a restarted dispatcher takes to hold the whole registry, and ERROR
 * lines, write timeouts and refused streams. The per-node subscription limits are raised for the run.
 */
@Command(name = "registry-scale", mixinStandardHelpOptions = true,
    description = {"Bursts of streams with many new topics against a launched data center: subscribe -> routable "
        + "latency, registry entries and heap per entry, a restarted dispatcher's time to hold the registry."})
final class RegistryScaleCommand implements Callable<Integer> {
  @Mixin
  DataCenterLaunchOptions launch = new DataCenterLaunchOptions(3, 2, 18400, 12900, "-XX:+UseG1GC -Xms64m -Xmx1g",
      "bench-results/registry-scale-logs");

  @Option(names = "--topics-per-connection", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
  int topicsPerConnection;

  @Option(names = "--burst-topics", defaultValue = "10000", description = "New topics per burst. Default: ${DEFAULT-VALUE}.")
  int burstTopics;

  @Option(names = "--bursts", defaultValue = "3", description = "Measured bursts. Default: ${DEFAULT-VALUE}.")
  int bursts;

  @Option(names = "--warmup-bursts", defaultValue = "0", description = "Bursts of the same shape run first and "
      + "left out of the latency figures (JIT warm-up); their topics stay registered. Default: ${DEFAULT-VALUE}.")
  int warmupBursts;

  @Option(names = "--burst-length", defaultValue = "1", paramLabel = "SECONDS",
      description = "A burst's streams are opened evenly over this long. Default: ${DEFAULT-VALUE}.")
  double burstSeconds;

  @Option(names = "--pause", defaultValue = "2", paramLabel = "SECONDS", description = "Between bursts. Default: ${DEFAULT-VALUE}.")
  double pauseSeconds;

  @Option(names = "--settle-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Longest wait for acknowledgements and for dispatchers to hold every entry. Default: ${DEFAULT-VALUE}.")
  double settleSeconds;

  @Option(names = "--restart-dispatcher", defaultValue = "true", negatable = true,
      description = "Restart the last dispatcher at the end and time its registry transfer. Default: ${DEFAULT-VALUE}.")
  boolean restartDispatcher;

  @Override
  public Integer call() throws Exception {
    if (Files.isDirectory(launch.nodeLogs)) {
      try (var logs = Files.list(launch.nodeLogs)) {
        for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
          Files.delete(log);
        }
      }
    }
    List<String> env = List.of("RTD_MAX_TOPICS_PER_CONNECTION=" + topicsPerConnection,
        "RTD_MAX_SUBSCRIPTIONS=" + (long) burstTopics * (warmupBursts + bursts) * 2, "RTD_MAX_CONNECTIONS=100000");
    try (LaunchedDataCenter dc = launch.start("registry-scale", env, Duration.ofMinutes(3))) {
      RegistryScaleSettings settings = new RegistryScaleSettings(topicsPerConnection, burstTopics, warmupBursts, bursts,
          seconds(burstSeconds), seconds(pauseSeconds), seconds(settleSeconds), restartDispatcher, launch.nodeLogs,
          Long.toString(System.currentTimeMillis(), 36));
      new RegistryScale(dc, settings, System.out).run();
    }
    return 0;
  }

  private static Duration seconds(double s) {
    return Duration.ofMillis((long) (s * 1000));
  }
}
