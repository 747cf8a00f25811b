package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Clients that send {@code GET /connect} and go away before, or just after, the response starts
 * must not leave connections behind: every way a connection ends frees its slot and its topics.
 * Before the Netty transport about 2% of such closes leaked, and with a limit of 10 the node soon
 * answered 429 to everyone while no socket was open.
 */
class QuickCloseGhostsTest {

  private static final int LIMIT = 10;
  private static final int ATTEMPTS = 5000;
  private static final Duration STORM = Duration.ofSeconds(10);
  private static final String TOPIC = "live:ghosts";

  @Test
  void connectionsAbandonedBeforeOrJustAfterTheResponseStartsFreeTheirSlotsAndTopics() throws Exception {
    try (RtdNode node = TestNodes.start("rtd.frontend.max-connections", LIMIT)) {
      InetSocketAddress frontend = node.frontendAddress();
      byte[] request = RawHttp.get(frontend, "/connect?topic=" + TOPIC);
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      long deadline = System.nanoTime() + STORM.toNanos();
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          done.add(clients.submit(() -> {
            int n;
            while ((n = attempts.incrementAndGet()) <= ATTEMPTS && System.nanoTime() < deadline) {
              abandon(frontend, request, n % 3, answered);
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        clients.shutdownNow();
      }
      assertTrue(answered.get() > 0, "some clients waited for the first bytes of the response");

      eventually(WAIT, () -> {
        assertEquals(0.0, metric(frontend, "rtd_frontend_connections"), "connections counted after the storm");
        assertEquals(0.0, metric(frontend, "rtd_frontend_subscriptions"), "subscriptions left after the storm");
      });
      TestNodes.awaitRoutes(node.internalAddress(), TOPIC, 0);
      assertTrue(metric(frontend, "rtd_frontend_connections_opened_total") > LIMIT, "the storm opened streams");

      // All ten slots are free again: ten normal clients are accepted, the eleventh is refused.
      List<SseTestClient> normal = new ArrayList<>();
      try {
        for (int i = 0; i < LIMIT; i++) {
          SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + TOPIC);
          normal.add(client);
          assertEquals(200, client.status());
          assertEquals("connected", client.next(WAIT).event());
        }
        TestNodes.assertError(429, "the limit is " + LIMIT, TestHttp.get(TestHttp.url(frontend, "/connect")));
        TestNodes.awaitRoutes(node.internalAddress(), TOPIC, 1);
        String id = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
            TestNodes.publishBody(TOPIC, "like", "1")).json().get("id").asText();
        for (SseTestClient client : normal) {
          assertEquals(id, client.messages(1, WAIT).get(0).id());
        }
      } finally {
        for (SseTestClient client : normal) {
          client.close();
        }
      }
      eventually(WAIT, () -> assertEquals(0.0, metric(frontend, "rtd_frontend_connections")));
    }
  }

  /**
   * One quick close: 0 closes right after sending the request, 1 resets the connection instead,
   * 2 closes right after the first bytes of the answer (a stream's head, or a 429).
   */
  private static void abandon(InetSocketAddress frontend, byte[] request, int how, AtomicInteger answered) {
    try (Socket socket = new Socket()) {
      socket.connect(frontend, 5000);
      socket.getOutputStream().write(request);
      if (how == 1) {
        socket.setSoLinger(true, 0);
      } else if (how == 2) {
        socket.setSoTimeout(5000);
        if (socket.getInputStream().read() >= 0) {
          answered.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // the server may reset a socket it is closing; that is one more way for a connection to end
    }
  }
}
