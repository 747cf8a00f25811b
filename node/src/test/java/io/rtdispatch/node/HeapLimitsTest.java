package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frontend on a small heap (-Xmx96m, limits left at {@code auto}) cannot be made to run out of
 * it by clients that stay within its limits: connections and subscriptions up to the limits are
 * taken, the next ones are refused with the documented answer, and the node stays alive and
 * keeps delivering to a canary stream. The JVM exits on OutOfMemoryError, so running out would
 * show as a dead node.
 */
class HeapLimitsTest {

  private static final List<String> SMALL_HEAP = List.of("-Xms32m", "-Xmx96m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TOPICS = 100;

  @Test
  void clientsWithinTheAutoSizedLimitsCannotExhaustASmallHeap() throws Exception {
    try (LocalProcesses dc = new LocalProcesses(LocalProcesses.layout(
        List.of(new Topology.DataCenter("dc-small", 1, 1))), "heap-limits",
        spec -> spec.frontend() ? SMALL_HEAP : LocalProcesses.JVM).startAll()) {
      NodeProcess fe = dc.node("dc-small-frontend-1");
      InetSocketAddress address = frontend(fe);
      InetSocketAddress publish = dispatcher(dc.node("dc-small-dispatcher-1"));
      int maxConnections = (int) metric(address, "rtd_frontend_limit_connections");
      long maxSubscriptions = (long) metric(address, "rtd_frontend_limit_subscriptions");
      assertTrue(maxConnections <= 96 * 1024 * 1024 * 0.2 / 4096, "auto-sized for 96 MiB: " + maxConnections);
      assertTrue(maxSubscriptions <= 96 * 1024 * 1024 * 0.3 / 1536, "auto-sized for 96 MiB: " + maxSubscriptions);

      List<SocketChannel> clients = new ArrayList<>();
      try (SseTestClient canary = SseTestClient.open(address, "/connect?topic=canary");
          SseTestClient subscriber = SseTestClient.open(address, "/connect")) {
        canary.next(WAIT);
        String id = JSON.readTree(subscriber.next(WAIT).data()).get("connectionId").asText();
        // Subscriptions up to the node's limit, 100 topics of their own per connection.
        int full = (int) ((maxSubscriptions - 1) / TOPICS);
        for (int i = 0; i < full; i++) {
          clients.add(RawHttp.idleStream(address, topics(i)));
        }
        eventually(WAIT, () -> assertEquals(1.0 + full * TOPICS, metric(address, "rtd_frontend_subscriptions")));
        int added = 0;
        TestHttp.Response answer;
        do {
          answer = TestHttp.postJson(TestHttp.url(address, "/subscriptions"),
              "{\"connectionId\":\"" + id + "\",\"topic\":\"more:" + added++ + "\"}");
        } while (answer.status() == 200 && added <= TOPICS);
        assertError(429, "subscriptions, the limit is " + maxSubscriptions, answer);

        // Connections up to the node's limit, then one more.
        while (clients.size() + 2 < maxConnections) {
          clients.add(RawHttp.idleStream(address, "/connect"));
        }
        eventually(WAIT, () -> assertEquals((double) maxConnections, metric(address, "rtd_frontend_connections")));
        assertConnectRefused(TestHttp.get(TestHttp.url(address, "/connect")), "connections, the limit is " + maxConnections);

        assertTrue(fe.alive(), "the frontend did not run out of heap");
        TestNodes.awaitRoutes(LocalProcesses.internal(dc.node("dc-small-dispatcher-1")), "canary", 1);
        TestHttp.Response published = TestHttp.postJson(TestHttp.url(publish, "/publish"),
            TestNodes.publishBody("canary", "like", "1"));
        assertEquals(202, published.status(), published.body());
        assertEquals(published.json().get("id").asText(), canary.messages(1, WAIT).get(0).id(),
            "the canary stream still gets events");
        System.out.println("MEASURED heap limits (-Xmx96m): max-connections auto " + maxConnections
            + ", max-subscriptions auto " + maxSubscriptions + "; both filled, the next one refused, frontend alive,"
            + " canary delivered");
      } finally {
        for (SocketChannel client : clients) {
          client.close();
        }
      }
    }
  }

  /**
   * The answer to a GET /connect beyond a limit: today a 429 JSON error. (Issue 9 makes transient
   * /connect refusals browser-retryable; this is the one place to change with it.)
   */
  private static void assertConnectRefused(TestHttp.Response answer, String messagePart) {
    assertError(429, messagePart, answer);
  }

  private static String topics(int connection) {
    StringBuilder path = new StringBuilder("/connect?");
    for (int t = 0; t < TOPICS; t++) {
      path.append(t == 0 ? "" : "&").append("topic=c").append(connection).append('-').append(t);
    }
    return path.toString();
  }
}
