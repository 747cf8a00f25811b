package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.dc.LaunchedDataCenter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a scenario that launches its own data center with the project's launcher (loopback, its own
 * ports), as a picocli {@code @Mixin}. Each command creates it with its own defaults (the initial field values,
 * which picocli shows as {@code ${DEFAULT-VALUE}}); {@link #start} hands them to the launcher.
 */
final class DataCenterLaunchOptions {

  @Option(names = "--frontends", description = "Frontends of the data center. Default: ${DEFAULT-VALUE}.")
  int frontends;

  @Option(names = "--dispatchers", description = "Dispatchers of the data center. Default: ${DEFAULT-VALUE}.")
  int dispatchers;

  @Option(names = "--node-jar", paramLabel = "CLASSPATH",
      description = "The node's jar and the tools jar (the launcher), as a class path. Default: ${DEFAULT-VALUE}.")
  String nodeJar = "node/target/rtd-node.jar:tools/target/rtd-tools.jar";

  @Option(names = "--http-base", description = "The launcher's first HTTP port (frontends from here, dispatchers "
      + "from +10, internal from +50). Default: ${DEFAULT-VALUE}.")
  int httpBase;

  @Option(names = "--cluster-base", description = "The launcher's first cluster port. Default: ${DEFAULT-VALUE}.")
  int clusterBase;

  @Option(names = "--node-jvm-opts", description = "JVM options of every node. Default: ${DEFAULT-VALUE}.")
  String nodeJvmOptions;

  @Option(names = "--node-env", paramLabel = "KEY=VALUE",
      description = "Extra environment of every node, repeatable (e.g. a history setting).")
  List<String> nodeEnv = new ArrayList<>();

  @Option(names = "--node-logs", paramLabel = "DIR", description = "Where the nodes' logs go. Default: ${DEFAULT-VALUE}.")
  Path nodeLogs;

  /** The defaults of one command; the node jar's default is the same for all. */
  DataCenterLaunchOptions(int frontends, int dispatchers, int httpBase, int clusterBase, String nodeJvmOptions,
      String nodeLogs) {
    this.frontends = frontends;
    this.dispatchers = dispatchers;
    this.httpBase = httpBase;
    this.clusterBase = clusterBase;
    this.nodeJvmOptions = nodeJvmOptions;
    this.nodeLogs = Path.of(nodeLogs);
  }

  /**
   * The launcher's arguments: these options, {@code RTD_LOG_LEVEL=WARN}, then {@code env} (the scenario's own
   * {@code KEY=VALUE}s), then {@code --node-env} (so the user's word wins).
   */
  List<String> launcherArgs(List<String> env) {
    List<String> args = new ArrayList<>(List.of("--frontends", "" + frontends, "--dispatchers", "" + dispatchers,
        "--http-base", "" + httpBase, "--cluster-base", "" + clusterBase, "--logs", nodeLogs.toString(),
        "--jvm-opts", nodeJvmOptions, "--env", "RTD_LOG_LEVEL=WARN"));
    env.forEach(kv -> args.addAll(List.of("--env", kv)));
    nodeEnv.forEach(kv -> args.addAll(List.of("--env", kv)));
    return args;
  }

  /**
   * Launches the data center and waits until every node is ready.
   *
   * @param scenario the command's name, for the progress line on stderr
   * @param timeout longest start of the data center
   */
  LaunchedDataCenter start(String scenario, List<String> env, Duration timeout) {
    System.err.println(scenario + ": launching " + frontends + " frontends and " + dispatchers
        + " dispatchers (logs in " + nodeLogs + ") ...");
    return LaunchedDataCenter.start(nodeJar, launcherArgs(env), timeout);
  }
}
