package io.rtdispatch.tools.launch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts a local topology of nodes as separate processes on loopback, prints their URLs, and
 * stops them all cleanly on Ctrl-C or {@code quit}. While it runs, stdin takes
 * {@code status}, {@code kill NAME} (kill -9), {@code stop NAME} (graceful), {@code start NAME}.
 * A node that exits by itself (downed by its cluster, crashed) is restarted with backoff, see
 * {@link Supervisor}; one stopped or killed by a command stays down until {@code start NAME}.
 * With several data centers it also runs the {@link DemoPublisher} into the first one, as
 * docker-compose.yml does, so the demo pages show likes at once ({@code --demo-publisher}).
 *
 * <pre>
 * java -cp node/target/rtd-node.jar:tools/target/rtd-tools.jar io.rtdispatch.tools.launch.Launcher --frontends 3 --dispatchers 2
 * java -cp node/target/rtd-node.jar:tools/target/rtd-tools.jar io.rtdispatch.tools.launch.Launcher --dc dc-east:2:1 --dc dc-west:1:1
 * </pre>
 */
public final class Launcher {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Supervisor supervisor;
  private volatile Thread publisher;

  private Launcher(LauncherOptions options) {
    options.specs().forEach(spec -> nodes.put(spec.name(), new NodeProcess(spec, options.logs(), options.jvmOptions())));
    supervisor = new Supervisor(options.restarts(), line -> System.out.println("launcher: " + line));
  }

  public static void main(String[] args) throws Exception {
    LauncherOptions options;
    try {
      options = LauncherOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("launcher: " + e.getMessage() + "\n\n" + LauncherOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(LauncherOptions.USAGE);
      return;
    }
    Launcher launcher = new Launcher(options);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::stopAll, "launcher-stop"));
    if (!launcher.startAll()) {
      System.exit(1);
    }
    launcher.printSummary(options.logs());
    launcher.startPublisher(options.publisher());
    launcher.commands();
    System.exit(0);
  }

  private boolean startAll() throws Exception {
    System.out.println("Starting " + nodes.size() + " nodes (logs in " + nodes.values().iterator().next().log().getParent() + ") ...");
    ExecutorService waiters = Executors.newFixedThreadPool(nodes.size());
    try {
      Map<String, Future<String>> results = new LinkedHashMap<>();
      for (NodeProcess node : nodes.values()) {
        supervisor.start(node);
        results.put(node.spec().name(), waiters.submit(() -> {
          long started = System.nanoTime();
          node.awaitReady(READY_TIMEOUT);
          return String.format("ready after %.1f s", (System.nanoTime() - started) / 1e9);
        }));
      }
      boolean ok = true;
      for (Map.Entry<String, Future<String>> result : results.entrySet()) {
        try {
          System.out.println("  " + result.getKey() + ": " + result.getValue().get());
        } catch (Exception e) {
          System.out.println("  " + result.getKey() + ": FAILED: " + (e.getCause() == null ? e : e.getCause()).getMessage());
          ok = false;
        }
      }
      return ok;
    } finally {
      waiters.shutdown();
    }
  }

  private void printSummary(Path logs) {
    StringBuilder out = new StringBuilder("\nAll nodes are ready.\n");
    String dc = null;
    for (NodeProcess node : nodes.values()) {
      NodeSpec spec = node.spec();
      if (!spec.dataCenter().equals(dc)) {
        dc = spec.dataCenter();
        out.append("\n  data center ").append(dc).append('\n');
      }
      out.append(String.format("    %-24s pid %-7d %s%n", spec.name(), node.pid(),
          spec.frontend() ? spec.frontendUrl() + "/  (demo page, /connect)" : spec.dispatcherUrl() + "/publish"));
    }
    out.append("\nCommands: status | kill NAME (kill -9) | stop NAME (graceful) | start NAME | quit (or Ctrl-C)\n");
    System.out.println(out);
  }

  private void commands() throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      List<String> words = Arrays.stream(line.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
      if (words.isEmpty()) {
        continue;
      }
      if (words.get(0).equals("quit") || words.get(0).equals("exit")) {
        return;
      }
      if (words.get(0).equals("status")) {
        nodes.values().forEach(n -> System.out.printf("  %-24s %s, restarted %d times%n", n.spec().name(),
            n.alive() ? "running, pid " + n.pid() : "stopped", supervisor.restarts(n)));
        continue;
      }
      NodeProcess node = words.size() == 2 ? nodes.get(words.get(1)) : null;
      if (node == null) {
        System.out.println("  unknown command or node; nodes: " + String.join(", ", nodes.keySet()));
        continue;
      }
      switch (words.get(0)) {
        case "kill" -> {
          supervisor.kill(node);
          System.out.println("  killed " + node.spec().name() + " (kill -9)");
        }
        case "stop" -> {
          supervisor.stop(node, STOP_TIMEOUT);
          System.out.println("  stopped " + node.spec().name());
        }
        case "start" -> {
          supervisor.start(node);
          node.awaitReady(READY_TIMEOUT);
          System.out.println("  " + node.spec().name() + " is ready again, pid " + node.pid() + " (a new incarnation)");
        }
        default -> System.out.println("  commands: status | kill NAME | stop NAME | start NAME | quit");
      }
    }
  }

  /** Runs the demo publisher (if any) on a thread of its own until {@link #stopAll}. */
  private void startPublisher(DemoPublisher.Settings settings) {
    if (settings != null) {
      publisher = new Thread(() -> DemoPublisher.publish(settings, line -> System.out.println("publisher: " + line), false),
          "demo-publisher");
      publisher.setDaemon(true);
      publisher.start();
    }
  }

  private void stopAll() {
    Thread running = publisher;
    if (running != null) {
      running.interrupt(); // before the nodes go, so it reports no unreachable dispatcher
    }
    int stopped = supervisor.stopAll(STOP_TIMEOUT);
    if (stopped > 0) {
      System.out.println("Stopped " + stopped + " nodes.");
    }
  }
}
