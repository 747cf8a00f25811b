package io.rtdispatch.tools.launch;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The launcher's command line.
 *
 * @param publisher the demo publisher to run once the nodes are ready, or null for none
 */
record LauncherOptions(List<NodeSpec> specs, Path logs, List<String> jvmOptions, Supervisor.RestartPolicy restarts,
    DemoPublisher.Settings publisher, boolean help) {

  /** Backoff doubles up to this; a node that ran this long before exiting counts its restarts afresh. */
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration RESET_AFTER = Duration.ofSeconds(60);

  static final String USAGE = """
      Usage: java -cp node/target/rtd-node.jar:tools/target/rtd-tools.jar io.rtdispatch.tools.launch.Launcher [options]
        --frontends N          frontends in the data center (default 3)
        --dispatchers M        dispatchers in the data center (default 2)
        --dc NAME:F:D          a data center with F frontends and D dispatchers; repeat for several
                               data centers (then each one's dispatchers forward to the others)
        --host HOST            loopback address to use (default 127.0.0.1)
        --http-base PORT       first HTTP port (default 8080); see the port plan below
        --cluster-base PORT    first cluster port (default 2551)
        --logs DIR             where each node's log goes (default runs/logs)
        --jvm-opts "OPTS"      JVM options of every node (default "-XX:+UseG1GC -Xms64m -Xmx512m")
        --env KEY=VALUE        extra environment for every node, e.g. --env RTD_LOG_LEVEL=DEBUG
        --restarts N           restarts in a row of a node that exits by itself, e.g. downed by its
                               cluster (default 5; 0: never restart)
        --restart-backoff D    wait before the first restart, doubling up to 30s (default 1s)
        --demo-publisher R     publish R likes/s (a comment every 10th) to live:demo through the first
                               data center's dispatchers, as docker-compose.yml's publisher does
                               (default 2 with several data centers, else 0: none)
      Ports: data center d (from 0) gets frontends on http-base+100d+i, dispatchers on
      http-base+100d+10+j, internal ports (node-to-node, /internal/*) from http-base+100d+50
      (frontends first, then dispatchers) and cluster ports from cluster-base+100d.""";

  static LauncherOptions parse(String[] args) {
    int frontends = 3;
    int dispatchers = 2;
    List<Topology.DataCenter> dataCenters = new ArrayList<>();
    String host = "127.0.0.1";
    int httpBase = 8080;
    int clusterBase = 2551;
    Path logs = Path.of("runs", "logs");
    List<String> jvm = List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx512m");
    List<String[]> env = new ArrayList<>();
    int restarts = 5;
    Duration backoff = Duration.ofSeconds(1);
    Double publishRate = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        return new LauncherOptions(List.of(), logs, jvm, null, null, true);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      String value = args[++i];
      switch (arg) {
        case "--frontends" -> frontends = number(arg, value);
        case "--dispatchers" -> dispatchers = number(arg, value);
        case "--dc" -> {
          String[] parts = value.split(":");
          if (parts.length != 3) {
            throw new IllegalArgumentException("--dc takes NAME:FRONTENDS:DISPATCHERS, got '" + value + "'");
          }
          dataCenters.add(new Topology.DataCenter(parts[0], number(arg, parts[1]), number(arg, parts[2])));
        }
        case "--host" -> host = value;
        case "--http-base" -> httpBase = number(arg, value);
        case "--cluster-base" -> clusterBase = number(arg, value);
        case "--logs" -> logs = Path.of(value);
        case "--jvm-opts" -> jvm = Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        case "--env" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--env takes KEY=VALUE, got '" + value + "'");
          }
          env.add(new String[] {value.substring(0, eq), value.substring(eq + 1)});
        }
        case "--restarts" -> restarts = number(arg, value);
        case "--restart-backoff" -> backoff = duration(arg, value);
        case "--demo-publisher" -> publishRate = rate(arg, value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (dataCenters.isEmpty()) {
      dataCenters.add(new Topology.DataCenter("default", frontends, dispatchers));
    }
    List<NodeSpec> specs = new ArrayList<>();
    for (NodeSpec spec : Topology.layout(dataCenters, host, httpBase, clusterBase)) {
      for (String[] kv : env) {
        spec = spec.withEnv(kv[0], kv[1]);
      }
      specs.add(spec);
    }
    double rate = publishRate != null ? publishRate : dataCenters.size() > 1 ? DemoPublisher.DEMO_RATE : 0;
    return new LauncherOptions(specs, logs, jvm,
        new Supervisor.RestartPolicy(backoff, backoff.compareTo(MAX_BACKOFF) > 0 ? backoff : MAX_BACKOFF, restarts,
            RESET_AFTER), rate > 0 ? publisher(specs, rate) : null, false);
  }

  /** The demo publisher posting into the first data center that has dispatchers, through all of them. */
  private static DemoPublisher.Settings publisher(List<NodeSpec> specs, double rate) {
    List<NodeSpec> dispatchers = specs.stream().filter(NodeSpec::dispatcher).toList();
    if (dispatchers.isEmpty()) {
      throw new IllegalArgumentException("--demo-publisher needs a data center with a dispatcher");
    }
    String dc = dispatchers.get(0).dataCenter();
    return DemoPublisher.Settings.demo(dispatchers.stream().filter(spec -> spec.dataCenter().equals(dc))
        .map(spec -> spec.dispatcherUrl() + "/publish").toList(), rate, "bot-" + dc);
  }

  private static double rate(String option, String value) {
    try {
      double rate = Double.parseDouble(value);
      if (rate >= 0 && rate <= 1000) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes events per second from 0 to 1000, got '" + value + "'");
  }

  /** A HOCON duration ({@code 500ms}, {@code 2s}), parsed by Typesafe Config like every other duration setting. */
  private static Duration duration(String option, String value) {
    try {
      return ConfigFactory.parseMap(Map.of("d", value)).getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(option + " takes a duration like 2s, got '" + value + "'");
    }
  }

  private static int number(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
    }
  }
}
