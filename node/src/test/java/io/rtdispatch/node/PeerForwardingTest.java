package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two one-node data centers in one JVM: failover between a peer's dispatchers, and the peer endpoint's checks. */
class PeerForwardingTest {

  private static final String TOKEN = "peer-secret";

  private static RtdNode west;
  private static RtdNode east;

  @BeforeAll
  static void start() throws Exception {
    west = TestNodes.start("rtd.data-center", "dc-west", "rtd.security.peer-token", TOKEN);
    // The first URL of dc-west refuses connections: forwarding must move on to the second.
    east = TestNodes.start("rtd.data-center", "dc-east", "rtd.security.peer-token", TOKEN,
        "rtd.dispatcher.peers", "dc-west=http://127.0.0.1:1|" + TestHttp.url(west.internalAddress(), ""));
  }

  @AfterAll
  static void stop() throws Exception {
    east.close();
    west.close();
  }

  @Test
  void forwardingFailsOverToTheNextDispatcherOfThePeer() throws Exception {
    try (SseTestClient client = SseTestClient.open(west.frontendAddress(), "/connect?topic=live:failover")) {
      client.next(WAIT);
      TestNodes.awaitRoutes(west.internalAddress(), "live:failover", 1);
      List<String> ids = DataCenterClusterTest.publish(List.of(east.dispatcherAddress()), "live:failover", 5);
      DataCenterClusterTest.assertReceivesExactly(client, ids);
      eventually(WAIT, () -> assertEquals(5.0, metric(east.dispatcherAddress(), "rtd_peer_events_forwarded_total")));
      assertEquals(0.0, metric(east.dispatcherAddress(), "rtd_peer_drops_total"));
    }
  }

  @Test
  void peerPublishChecksTokenOriginAndBody() throws Exception {
    String url = TestHttp.url(west.internalAddress(), "/internal/peer-publish");
    String event = "x-1 live:p {\"id\":\"x-1\",\"topic\":\"live:p\",\"type\":\"like\",\"data\":1,\"publishedAt\":1}\n";
    assertError(401, "peer data centers", TestHttp.send("POST", url, "application/x-rtd-events", event,
        "X-Rtd-Origin-DC", "dc-east"));
    String auth = "Bearer " + TOKEN;
    assertError(400, "X-Rtd-Origin-DC header", TestHttp.send("POST", url, "application/x-rtd-events", event,
        "Authorization", auth));
    assertError(400, "this data center itself", TestHttp.send("POST", url, "application/x-rtd-events", event,
        "Authorization", auth, "X-Rtd-Origin-DC", "dc-west"));
    assertError(400, "malformed event batch", TestHttp.send("POST", url, "application/x-rtd-events", "nope\n",
        "Authorization", auth, "X-Rtd-Origin-DC", "dc-east"));
    assertEquals(204, TestHttp.send("POST", url, "application/x-rtd-events", event,
        "Authorization", auth, "X-Rtd-Origin-DC", "dc-east").status());
  }

  @Test
  void originsBecomeMetricLabelsOnlyWhenConfiguredAsPeers() throws Exception {
    // east lists dc-west as its peer; west lists none: every origin west hears of is "unconfigured".
    String url = TestHttp.url(east.internalAddress(), "/internal/peer-publish");
    String auth = "Bearer " + TOKEN;
    int origins = 50;
    for (int i = 0; i < origins; i++) {
      String event = "o-" + i + " live:origins {\"id\":\"o-" + i + "\",\"topic\":\"live:origins\",\"type\":\"like\","
          + "\"data\":1,\"publishedAt\":1}\n";
      String origin = i == 0 ? "dc-west" : "made-up-dc-" + i;
      assertEquals(204, TestHttp.send("POST", url, "application/x-rtd-events", event,
          "Authorization", auth, "X-Rtd-Origin-DC", origin).status());
    }
    String metrics = TestHttp.get(TestHttp.url(east.dispatcherAddress(), "/metrics")).body();
    assertFalse(metrics.contains("made-up-dc-"), "a header value sent by a client never becomes a metric label");
    assertEquals(1.0, metric(east.dispatcherAddress(), "rtd_peer_events_received_total", "peer=\"dc-west\""));
    assertEquals(origins - 1.0, metric(east.dispatcherAddress(), "rtd_peer_events_received_total",
        "peer=\"unconfigured\""));
  }
}
