package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The frontends' endpoint map holds one entry per member, not one per incarnation ever started: a
 * frontend killed with kill -9 has its entry removed once the cluster removed it (by the oldest
 * frontend left, also when the killed one was the oldest), while the entry of the frontend that
 * stays never goes missing.
 */
class NodeEntryCleanupTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String ENDPOINTS = "map=\"rtd-frontend-endpoints\"";

  @Test
  void aKilledFrontendsEntryGoesAndTheLiveOneStays() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-clean", 2, 1))).stream()
        .map(spec -> spec.withEnv("RTD_REGISTRY_HEARTBEAT_INTERVAL", "1s"))
        .toList();
    try (LocalProcesses dc = new LocalProcesses(specs, "entry-cleanup").startAll()) {
      NodeProcess frontendKilled = dc.node("dc-clean-frontend-1"); // perhaps the oldest: then the cleanup changes hands
      NodeProcess frontendStays = dc.node("dc-clean-frontend-2");
      InetSocketAddress fe = frontend(frontendStays);
      eventually(WAIT, () -> assertEquals(2, metric(fe, "rtd_cluster_map_entries", ENDPOINTS), "entries before"));

      ConcurrentLinkedQueue<String> lows = new ConcurrentLinkedQueue<>();
      AtomicBoolean watching = new AtomicBoolean(true);
      Thread watcher = new Thread(() -> {
        while (watching.get()) {
          try {
            double endpoints = metric(fe, "rtd_cluster_map_entries", ENDPOINTS);
            if (endpoints < 1) {
              lows.add("endpoints " + endpoints);
            }
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            lows.add("metrics unreadable: " + e);
          }
        }
      });
      watcher.start();
      try {
        frontendKilled.kill();
        eventually(WAIT, () -> assertEquals(1, metric(fe, "rtd_cluster_map_entries", ENDPOINTS),
            "endpoint entries once the killed frontend is removed"));
        Thread.sleep(3_000); // three more checks: the live entry is rewritten if need be, never removed
        assertEquals(1, metric(fe, "rtd_cluster_map_entries", ENDPOINTS));
        try (SseTestClient stream = DataCenterClusterTest.open(fe, "clean:a")) {
          // The dispatcher routes only to frontends whose endpoint it knows: the live entry is there.
          TestNodes.awaitRoutes(internal(dc.node("dc-clean-dispatcher-1")), "clean:a", 1);
        }
      } finally {
        watching.set(false);
        watcher.interrupt();
        watcher.join();
      }
      assertTrue(lows.isEmpty(), "a live node's entry went missing: " + lows);
      String log = Files.readString(frontendStays.log());
      assertFalse(log.contains("was missing from"), "the frontend left had to advertise its entry again:\n" + log);
      assertTrue(log.contains("Removing 1 entries of nodes no longer in the cluster"),
          "the frontend left, now the frontends' oldest, cleaned up");
    }
  }
}
