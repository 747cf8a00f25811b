package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.DataCenterClusterTest.open;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.LocalProcesses.internal;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurement behind the failure-detector table of docs/operations.md, not a test of the
 * build (it takes ~10 minutes per profile and its figures depend on the machine): one data center
 * of five real processes per profile of cluster settings, then
 * <ul>
 *   <li>kill -9 of a frontend: seconds until both dispatchers stop routing to it (unreachable)
 *       and until its registry entries are removed (downed and removed);
 *   <li>a frontend frozen with SIGSTOP for each of {@code STALLS} seconds, then SIGCONT: whether
 *       dispatchers stopped routing to it, and whether it was downed (its process exits);
 *   <li>every node frozen at once for 10 s, every node starved together (frozen 4 s, running 1 s,
 *       for 30 s), and every node starved on its own schedule (like JVMs on a host whose CPU is
 *       taken by others): how many nodes exit.
 * </ul>
 * Run with {@code mvn -B -o -pl node -am verify -Dtest=FailureDetectionTradeoff -Drtd.tradeoff=before,defaults
 * -Dsurefire.failIfNoSpecifiedTests=false}; profiles: {@code before} (Akka's 3 s heartbeat pause, the
 * settings before issue 9), {@code defaults} (rtd-node.conf), or {@code env:KEY=VALUE+KEY=VALUE};
 * {@code -Drtd.tradeoff.whole-dc-only=true} runs only the whole-data-center stalls.
 * Rows go to standard output (MEASURED) and to {@code node/target/fd-tradeoff.md}.
 */
@EnabledIfSystemProperty(named = "rtd.tradeoff", matches = ".+")
class FailureDetectionTradeoff {

  private static final List<Integer> STALLS = List.of(3, 6, 10, 15, 20);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Path REPORT = Path.of("target", "fd-tradeoff.md");

  @Test
  void measure() throws Exception {
    for (String profile : System.getProperty("rtd.tradeoff").split(",")) {
      measure(profile.trim(), environment(profile.trim()));
    }
  }

  private static Map<String, String> environment(String profile) {
    Map<String, String> env = new LinkedHashMap<>();
    if (profile.equals("before")) {
      env.put("RTD_FAILURE_DETECTOR_PAUSE", "3s");
      env.put("RTD_SBR_STABLE_AFTER", "7s");
      env.put("RTD_SBR_DOWN_ALL_WHEN_UNSTABLE", "on");
    } else if (profile.startsWith("env:")) {
      for (String kv : profile.substring(4).split("\\+")) {
        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    } else if (!profile.equals("defaults")) {
      throw new IllegalArgumentException("unknown profile " + profile);
    }
    return env;
  }

  private void measure(String profile, Map<String, String> env) throws Exception {
    List<NodeSpec> specs = new ArrayList<>();
    for (NodeSpec spec : LocalProcesses.layout(List.of(new Topology.DataCenter("dc-fd", 3, 2)))) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        spec = spec.withEnv(e.getKey(), e.getValue());
      }
      specs.add(spec);
    }
    try (LocalProcesses dc = new LocalProcesses(specs, "fd-" + profile.replaceAll("\\W", "_")).startAll()) {
      NodeProcess victim = dc.node("dc-fd-frontend-3");
      InetSocketAddress fe2 = frontend(dc.node("dc-fd-frontend-2"));
      List<InetSocketAddress> dispatchers =
          List.of(internal(dc.node("dc-fd-dispatcher-1")), internal(dc.node("dc-fd-dispatcher-2")));
      InetSocketAddress metrics = dispatcher(dc.node("dc-fd-dispatcher-1"));
      List<NodeProcess> all = specs.stream().map(spec -> dc.node(spec.name())).toList();
      if (!Boolean.getBoolean("rtd.tradeoff.whole-dc-only")) {
        try (SseTestClient other = open(fe2, "fd")) {
          report(profile, "kill -9 of a frontend", killTrial(victim, dispatchers, metrics));
        }
        for (int stall : STALLS) {
          try (SseTestClient other = open(fe2, "fd")) { // fe2 may be downed and restarted by a trial
            report(profile, "one frontend frozen " + stall + " s", freezeTrial(victim, all, dispatchers, stall));
          }
        }
      }
      report(profile, "all 5 nodes frozen 10 s", exits(all, () -> stall(all, 10, 0, 1)));
      report(profile, "all 5 nodes starved 30 s (4 s frozen, 1 s running)", exits(all, () -> stall(all, 4, 1, 6)));
      report(profile, "all 5 nodes starved unevenly 40 s (each frozen 2-6 s, running 0.5-1 s, at random)",
          exits(all, () -> starveUnevenly(all, Duration.ofSeconds(40))));
    }
  }

  /**
   * Each node on its own: frozen 2-6 s, running 0.5-1 s, again and again (a fixed seed, so every
   * profile gets the same pattern), the way JVMs on a host whose cores are taken get slices of CPU
   * at different moments and see each other fall silent at different times.
   */
  private static void starveUnevenly(List<NodeProcess> nodes, Duration length) throws Exception {
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeProcess node = nodes.get(i);
      Random random = new Random(i);
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            try {
              LocalProcesses.signal(node, "STOP");
              Thread.sleep(2000 + random.nextInt(4000));
            } finally {
              LocalProcesses.signal(node, "CONT");
            }
            Thread.sleep(500 + random.nextInt(500));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  /**
   * Seconds from kill -9 until neither dispatcher routes to the frontend, and until its entries are gone.
   *
   * @param dispatchers the dispatchers' internal addresses ({@code /internal/routes})
   * @param metrics a dispatcher's public address ({@code /metrics})
   */
  private static String killTrial(NodeProcess victim, List<InetSocketAddress> dispatchers, InetSocketAddress metrics)
      throws Exception {
    try (SseTestClient client = open(frontend(victim), "fd")) {
      awaitRoutes(dispatchers, 2);
      double entries = TestNodes.metric(metrics, "rtd_registry_entries");
      long killed = System.nanoTime();
      victim.kill();
      awaitRoutes(dispatchers, 1);
      double unrouted = DataCenterClusterTest.seconds(killed);
      eventually(WAIT, () -> assertEquals(entries - 1, TestNodes.metric(metrics, "rtd_registry_entries")));
      double removed = DataCenterClusterTest.seconds(killed);
      victim.start().awaitReady(LocalProcesses.READY);
      return String.format("out of routing after %.1f s, removed after %.1f s", unrouted, removed);
    }
  }

  /**
   * Freezes the frontend for {@code seconds}; whether it went out of routing, and which nodes were
   * downed (not only the frozen one can be). The frontend starts afresh first: the phi detector
   * learns from the gaps it has seen (a 10 s freeze makes the next 15 s one look normal), so each
   * trial starts without that history.
   */
  private static String freezeTrial(NodeProcess victim, List<NodeProcess> all, List<InetSocketAddress> dispatchers,
      int seconds) throws Exception {
    victim.stop(Duration.ofSeconds(30));
    victim.start().awaitReady(LocalProcesses.READY);
    try (SseTestClient client = open(frontend(victim), "fd")) {
      awaitRoutes(dispatchers, 2);
      LocalProcesses.signal(victim, "STOP");
      boolean unrouted = false;
      long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      try {
        while (System.nanoTime() < until) {
          try {
            unrouted |= routes(dispatchers.get(0)) < 2;
          } catch (IOException gone) {
            unrouted = true; // the dispatcher itself was downed
          }
          Thread.sleep(200);
        }
      } finally {
        LocalProcesses.signal(victim, "CONT");
      }
      return (unrouted ? "out of routing while frozen; " : "kept in routing; ") + downed(all);
    }
  }

  /** Runs the stall, then says which nodes were downed. */
  private static String exits(List<NodeProcess> nodes, Action stall) throws Exception {
    stall.run();
    return downed(nodes);
  }

  /** Waits {@link #SETTLE} (long enough for a downed node to notice and exit), names the nodes that exited, restarts them. */
  private static String downed(List<NodeProcess> nodes) throws Exception {
    Thread.sleep(SETTLE.toMillis());
    List<NodeProcess> dead = nodes.stream().filter(node -> !node.alive()).toList();
    List<String> names = new ArrayList<>();
    for (NodeProcess node : dead) {
      names.add(node.name().replace("dc-fd-", "") + " (exit " + node.onExit().get() + ")");
      node.start();
    }
    for (NodeProcess node : dead) {
      node.awaitReady(LocalProcesses.READY);
    }
    return dead.isEmpty() ? "no node downed" : dead.size() + " of " + nodes.size() + " DOWNED: " + String.join(", ", names);
  }

  /** {@code cycles} times: SIGSTOP every node, wait {@code frozen} s, SIGCONT, wait {@code running} s. */
  private static void stall(List<NodeProcess> nodes, int frozen, int running, int cycles) throws Exception {
    for (int i = 0; i < cycles; i++) {
      try {
        for (NodeProcess node : nodes) {
          LocalProcesses.signal(node, "STOP");
        }
        Thread.sleep(frozen * 1000L);
      } finally {
        for (NodeProcess node : nodes) {
          LocalProcesses.signal(node, "CONT");
        }
      }
      Thread.sleep(running * 1000L);
    }
  }

  private static void awaitRoutes(List<InetSocketAddress> dispatchers, int frontends) throws Exception {
    eventually(WAIT, () -> {
      for (InetSocketAddress d : dispatchers) {
        assertEquals(frontends, routes(d));
      }
    });
  }

  private static int routes(InetSocketAddress dispatcher) throws Exception {
    return TestHttp.get(TestHttp.url(dispatcher, "/internal/routes?topic=fd")).json().get("frontends").size();
  }

  private static void report(String profile, String trial, String outcome) throws Exception {
    String row = "| " + profile + " | " + trial + " | " + outcome + " |\n";
    System.out.print("MEASURED " + row);
    Files.writeString(REPORT, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
