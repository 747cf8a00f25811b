package io.rtdispatch.loadtest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The launch options both launching scenarios share: each keeps its own defaults, and both pass the same flags. */
class DataCenterLaunchOptionsTest {

  @Test
  void eachCommandKeepsItsDefaults() {
    RegistryScaleCommand scale = new RegistryScaleCommand();
    parse(scale);
    assertEquals(List.of("--frontends", "3", "--dispatchers", "2", "--http-base", "18400", "--cluster-base", "12900",
        "--logs", "bench-results/registry-scale-logs", "--jvm-opts", "-XX:+UseG1GC -Xms64m -Xmx1g",
        "--env", "RTD_LOG_LEVEL=WARN"), scale.launch.launcherArgs(List.of()));

    RollingRestartCommand rolling = new RollingRestartCommand();
    parse(rolling);
    assertEquals(List.of("--frontends", "3", "--dispatchers", "1", "--http-base", "18300", "--cluster-base", "12800",
        "--logs", "bench-results/rolling-restart-logs", "--jvm-opts", "-XX:+UseG1GC -Xms64m -Xmx512m",
        "--env", "RTD_LOG_LEVEL=WARN"), rolling.launch.launcherArgs(List.of()));
    assertEquals("node/target/rtd-node.jar:tools/target/rtd-tools.jar", rolling.launch.nodeJar);
  }

  @Test
  void givenOptionsReachTheLauncherAndTheUsersEnvironmentComesLast() {
    RegistryScaleCommand scale = new RegistryScaleCommand();
    parse(scale, "--frontends", "2", "--dispatchers", "1", "--http-base", "20000",
        "--cluster-base", "21000", "--node-logs", "/tmp/x", "--node-jvm-opts", "-Xmx64m", "--node-env", "A=1",
        "--node-jar", "a.jar");
    assertEquals(List.of("--frontends", "2", "--dispatchers", "1", "--http-base", "20000", "--cluster-base", "21000",
        "--logs", "/tmp/x", "--jvm-opts", "-Xmx64m", "--env", "RTD_LOG_LEVEL=WARN", "--env", "B=2", "--env", "A=1"),
        scale.launch.launcherArgs(List.of("B=2")));
    assertEquals("a.jar", scale.launch.nodeJar);
  }

  /** As the tool's command line parses them (enum values in any case). */
  private static void parse(Object command, String... args) {
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
  }

  @Test
  void helpShowsEachCommandsOwnDefaults() {
    String help = new CommandLine(new RollingRestartCommand()).getUsageMessage();
    assertTrue(help.contains("--dispatchers") && help.contains("Default: 1."), help);
  }
}
