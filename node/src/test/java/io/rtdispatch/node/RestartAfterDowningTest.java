package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.DataCenterClusterTest.assertReceivesExactly;
import static io.rtdispatch.node.DataCenterClusterTest.open;
import static io.rtdispatch.node.DataCenterClusterTest.publish;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Supervisor;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node downed by its cluster comes back by itself under the launcher's {@link Supervisor}: a
 * frontend frozen (SIGSTOP) until the rest of its data center has downed and removed it, then
 * resumed, learns it was downed, exits with a non-zero code (so {@code restart: on-failure} would
 * restart its container too), is started again, rejoins, and delivers events. A node stopped on
 * purpose stays down.
 */
class RestartAfterDowningTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Supervisor.RestartPolicy POLICY =
      new Supervisor.RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 3, Duration.ofSeconds(60));

  @Test
  void aFrontendDownedByItsClusterIsRestartedRejoinsAndServes() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    Supervisor supervisor = new Supervisor(POLICY, line -> {
      log.add(line);
      System.out.println("supervisor: " + line);
    });
    Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    for (NodeSpec spec : LocalProcesses.layout(List.of(new Topology.DataCenter("dc-down", 2, 1)))) {
      nodes.put(spec.name(), new NodeProcess(spec, Path.of("target", "process-logs", "downed"), LocalProcesses.JVM));
    }
    try {
      for (NodeProcess node : nodes.values()) {
        supervisor.start(node);
      }
      for (NodeProcess node : nodes.values()) {
        node.awaitReady(LocalProcesses.READY);
      }
      NodeProcess victim = nodes.get("dc-down-frontend-2");
      NodeProcess d = nodes.get("dc-down-dispatcher-1");
      InetSocketAddress dispatcher = dispatcher(d);
      InetSocketAddress routes = internal(d);

      try (SseTestClient stays = open(frontend(nodes.get("dc-down-frontend-1")), "down:a");
          SseTestClient frozen = open(frontend(victim), "down:a")) {
        TestNodes.awaitRoutes(routes, "down:a", 2);
        double entries = metric(dispatcher, "rtd_registry_entries");
        CompletableFuture<Integer> firstLife = victim.onExit();
        LocalProcesses.signal(victim, "STOP");
        try {
          // The two others are the majority: they down the frozen one and remove its entries.
          eventually(WAIT, () -> assertEquals(entries - 1, metric(dispatcher, "rtd_registry_entries"),
              "registry entries once the frozen frontend is removed"));
        } finally {
          LocalProcesses.signal(victim, "CONT");
        }
        int code = firstLife.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotEquals(0, code, "a downed node exits with a failure code");
        assertTrue(code != 130 && code != 143, "not mistaken for a stop on purpose: " + code);
        assertReceivesExactly(stays, publish(List.of(dispatcher), "down:a", 5));
      }

      eventually(WAIT, () -> assertEquals(1, supervisor.restarts(victim), "restarts: " + log));
      assertTrue(log.stream().anyMatch(line -> line.contains(victim.name()) && line.contains("exited unexpectedly")), log.toString());
      victim.awaitReady(LocalProcesses.READY);
      try (SseTestClient again = open(frontend(victim), "down:b")) {
        TestNodes.awaitRoutes(routes, "down:b", 1);
        assertReceivesExactly(again, publish(List.of(dispatcher), "down:b", 5));
      }

      // Stopped on purpose: no restart, even after several backoffs.
      supervisor.stop(d, Duration.ofSeconds(20));
      Thread.sleep(POLICY.maxBackoff().toMillis());
      assertFalse(d.alive(), "a node stopped through the supervisor stays down");
      assertEquals(0, supervisor.restarts(d));
    } finally {
      supervisor.stopAll(Duration.ofSeconds(20));
    }
  }
}
