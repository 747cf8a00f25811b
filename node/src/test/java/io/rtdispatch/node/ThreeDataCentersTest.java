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

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three data centers, each peered to both others (the launcher's multi-DC layout): every event
 * reaches every client once, and each is forwarded exactly once per peer, never again.
 */
class ThreeDataCentersTest {

  private static final int PER_DC = 10;

  @Test
  void eachEventIsDeliveredOncePerClientAndForwardedOncePerPeer() throws Exception {
    List<String> names = List.of("dc-a", "dc-b", "dc-c");
    List<Topology.DataCenter> dataCenters = names.stream().map(n -> new Topology.DataCenter(n, 1, 1)).toList();
    try (LocalProcesses dcs = new LocalProcesses(LocalProcesses.layout(dataCenters), "three-dcs").startAll()) {
      List<InetSocketAddress> dispatchers = new ArrayList<>();
      List<SseTestClient> clients = new ArrayList<>();
      try {
        for (String name : names) {
          dispatchers.add(dispatcher(dcs.node(name + "-dispatcher-1")));
          clients.add(open(frontend(dcs.node(name + "-frontend-1")), "live:mesh"));
        }
        for (String name : names) {
          TestNodes.awaitRoutes(internal(dcs.node(name + "-dispatcher-1")), "live:mesh", 1);
        }
        List<String> all = new ArrayList<>();
        for (InetSocketAddress d : dispatchers) {
          all.addAll(publish(List.of(d), "live:mesh", PER_DC));
        }
        for (SseTestClient client : clients) {
          assertReceivesExactly(client, all);
        }
        for (InetSocketAddress d : dispatchers) {
          eventually(Duration.ofSeconds(30), () -> {
            assertEquals(2.0 * PER_DC, metric(d, "rtd_peer_events_forwarded_total"), "own events, once to each of 2 peers");
            assertEquals(2.0 * PER_DC, metric(d, "rtd_peer_events_received_total"), "the two peers' events");
          });
          assertEquals((double) PER_DC, metric(d, "rtd_dispatcher_events_published_total", "origin=\"local\""));
          assertEquals(2.0 * PER_DC, metric(d, "rtd_dispatcher_events_published_total", "origin=\"peer\""));
        }
      } finally {
        for (SseTestClient client : clients) {
          client.close();
        }
      }
    }
  }
}
