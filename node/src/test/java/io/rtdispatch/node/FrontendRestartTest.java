package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.DataCenterClusterTest.assertReceivesExactly;
import static io.rtdispatch.node.DataCenterClusterTest.open;
import static io.rtdispatch.node.DataCenterClusterTest.publish;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frontend killed and restarted on the same host and port is a new node: what its previous
 * incarnation registered never routes to it; only its own new subscriptions do.
 */
class FrontendRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aRestartedFrontendGetsEventsOnlyThroughItsNewIncarnation() throws Exception {
    try (LocalProcesses dc = new LocalProcesses(LocalProcesses.layout(
        List.of(new Topology.DataCenter("dc-restart", 2, 1))), "restart").startAll()) {
      NodeProcess restarted = dc.node("dc-restart-frontend-2");
      InetSocketAddress fe = frontend(restarted);
      InetSocketAddress d = internal(dc.node("dc-restart-dispatcher-1"));
      InetSocketAddress publishTo = dispatcher(dc.node("dc-restart-dispatcher-1"));

      String oldNode;
      try (SseTestClient before = open(fe, "live:r")) {
        TestNodes.awaitRoutes(d, "live:r", 1);
        oldNode = routes(d).get(0).get("nodeId").asText();
        restarted.kill();
      }
      restarted.start();
      restarted.awaitReady(LocalProcesses.READY);

      // The old incarnation's entry is gone (or at least never routed) once the new one is Up.
      eventually(WAIT, () -> assertEquals(0, routes(d).size(), "nothing routes live:r before a new subscription"));
      publish(List.of(publishTo), "live:r", 3);
      assertEquals(0.0, metric(fe, "rtd_frontend_events_received_total"), "the new incarnation got nothing for it");

      try (SseTestClient after = open(fe, "live:r")) {
        TestNodes.awaitRoutes(d, "live:r", 1);
        String newNode = routes(d).get(0).get("nodeId").asText();
        assertNotEquals(oldNode, newNode, "a restarted frontend is a new node");
        assertReceivesExactly(after, publish(List.of(publishTo), "live:r", 5));
      }
    }
  }

  private static JsonNode routes(InetSocketAddress dispatcher) throws Exception {
    return TestHttp.get(TestHttp.url(dispatcher, "/internal/routes?topic=live:r")).json().get("frontends");
  }
}
