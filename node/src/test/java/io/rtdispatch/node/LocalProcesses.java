package io.rtdispatch.node;

import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Real nodes as separate JVM processes on loopback, laid out like the launcher does, on a block
 * of free ports. Stops every process it started, whatever the test did.
 */
final class LocalProcesses implements AutoCloseable {

  static final List<String> JVM = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  static final Duration READY = Duration.ofSeconds(120);

  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

  LocalProcesses(List<NodeSpec> specs, String logName) {
    this(specs, logName, spec -> JVM);
  }

  /**
   * @param specs the nodes; presence events are off unless a spec sets {@code RTD_PRESENCE_TOPICS}
   *     (tests count the events on their live:* topics exactly), and a stopped frontend ends its
   *     streams within {@code RTD_REHOME_WINDOW=1s} unless a spec sets another
   * @param jvm each node's JVM options
   */
  LocalProcesses(List<NodeSpec> specs, String logName, Function<NodeSpec, List<String>> jvm) {
    specs.stream().map(spec -> spec.extraEnv().containsKey("RTD_PRESENCE_TOPICS") ? spec
            : spec.withEnv("RTD_PRESENCE_TOPICS", ""))
        .map(spec -> spec.extraEnv().containsKey("RTD_REHOME_WINDOW") ? spec : spec.withEnv("RTD_REHOME_WINDOW", "1s"))
        .forEach(spec -> nodes.put(spec.name(), new NodeProcess(spec, logs(logName), jvm.apply(spec))));
  }

  /** Where processes of a test write their output: target/process-logs/{@code logName}. */
  static Path logs(String logName) {
    return Path.of("target", "process-logs", logName);
  }

  /**
   * Specs for the data centers on a free block of ports. The blocks lie below the kernel's
   * ephemeral port range: there, thousands of client sockets in TIME_WAIT left by earlier tests
   * (QuickCloseGhostsTest alone opens 5,000) made every candidate block look taken.
   */
  static List<NodeSpec> layout(List<Topology.DataCenter> dataCenters) throws IOException {
    int span = 100 * dataCenters.size() + 20;
    int half = (ephemeralLow() - LOWEST) / 2;
    for (int attempt = 0; attempt < 50; attempt++) {
      int httpBase = ThreadLocalRandom.current().nextInt(LOWEST, LOWEST + half - span);
      int clusterBase = httpBase + half;
      if (free(httpBase, span) && free(clusterBase, span)) {
        return Topology.layout(dataCenters, "127.0.0.1", httpBase, clusterBase);
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static final int LOWEST = 10000;

  /** The first port of the kernel's ephemeral range (Linux default 32768). */
  private static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
          .split("\\s+")[0]);
      return Math.max(low, LOWEST + 2000);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  private static boolean free(int base, int span) {
    for (int port = base; port < base + span; port++) {
      if (!bindable("127.0.0.1", port)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a server socket could listen on {@code host:port} right now. */
  static boolean bindable(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts every node and waits until each is ready; if one does not get there, stops all of them
   * before rethrowing (the caller's try-with-resources never got this object to close).
   */
  LocalProcesses startAll() throws Exception {
    try {
      for (NodeProcess node : nodes.values()) {
        node.start();
      }
      for (NodeProcess node : nodes.values()) {
        node.awaitReady(READY);
      }
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  NodeProcess node(String name) {
    NodeProcess node = nodes.get(name);
    if (node == null) {
      throw new IllegalArgumentException("no node " + name + " in " + nodes.keySet());
    }
    return node;
  }

  static InetSocketAddress frontend(NodeProcess node) {
    return new InetSocketAddress(node.spec().host(), node.spec().frontendPort());
  }

  static InetSocketAddress dispatcher(NodeProcess node) {
    return new InetSocketAddress(node.spec().host(), node.spec().dispatcherPort());
  }

  static InetSocketAddress internal(NodeProcess node) {
    return new InetSocketAddress(node.spec().host(), node.spec().internalPort());
  }

  /** Sends a signal ({@code STOP}, {@code CONT}, …) to the node's process with kill(1), if it runs. */
  static void signal(NodeProcess node, String signal) throws IOException, InterruptedException {
    if (node.alive()) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<Thread> stoppers = new ArrayList<>();
    for (NodeProcess node : nodes.values()) {
      Thread t = new Thread(() -> {
        try {
          node.stop(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      t.join();
    }
  }
}
