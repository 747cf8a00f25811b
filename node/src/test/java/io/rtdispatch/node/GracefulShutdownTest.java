package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping a node ends its streams cleanly, spread over the re-homing window (clients reconnect
 * elsewhere), and frees its ports.
 */
class GracefulShutdownTest {

  @Test
  void shutdownEndsOpenStreamsAndStopsAcceptingConnections() throws Exception {
    RtdNode node = TestNodes.start();
    InetSocketAddress frontend = node.frontendAddress();
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=live:bye")) {
      assertEquals("connected", client.next(WAIT).event());
      TestNodes.awaitRoutes(node.internalAddress(), "live:bye", 1);

      node.close();

      assertTrue(client.awaitEnd(WAIT), "the stream ends when the node shuts down");
      assertThrows(IOException.class, () -> TestHttp.get(TestHttp.url(frontend, "/health")));
    }
  }

  @Test
  void shutdownEndsStreamsSpreadOverTheRehomeWindowEachAfterARetryBelowTheHint() throws Exception {
    RtdNode node = TestNodes.start("rtd.frontend.rehome-window", "3s", "rtd.frontend.retry-hint", "1s");
    List<SseTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        clients.add(SseTestClient.open(node.frontendAddress(), "/connect?topic=live:rehome"));
        assertEquals("connected", clients.get(i).next(WAIT).event());
      }
      CompletableFuture<Void> closing = TestNodes.closeInBackground(node);
      List<Long> endedAt = new ArrayList<>();
      for (SseTestClient client : clients) {
        SseTestClient.Frame last = client.next(f -> !f.comment(), Duration.ofSeconds(30));
        assertTrue(last.retry() != null && last.retry() < 1000 && last.data() == null,
            "a retry: below the hint, and no event, before the end: " + last);
        assertTrue(client.awaitEnd(WAIT), "then the stream ends");
      }
      for (SseTestClient client : clients) {
        endedAt.add(client.endedAtNanos());
      }
      long spread = Collections.max(endedAt) - Collections.min(endedAt);
      assertTrue(spread > TimeUnit.MILLISECONDS.toNanos(500),
          "20 streams end at random moments of the 3 s window, not together: " + spread / 1_000_000 + " ms apart");
      closing.get(60, TimeUnit.SECONDS);
    } finally {
      for (SseTestClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void duringTheDrainDelayReadyAnswers503WhileThePortStillAccepts() throws Exception {
    RtdNode node = TestNodes.start("rtd.shutdown.drain-delay", "3s");
    InetSocketAddress frontend = node.frontendAddress();
    CompletableFuture<Void> closing = TestNodes.closeInBackground(node);
    TestHttp.Response ready = null;
    for (int i = 0; i < 200 && (ready == null || ready.status() == 200); i++) {
      ready = TestHttp.get(TestHttp.url(frontend, "/ready"));
      Thread.sleep(10);
    }
    assertEquals(503, ready.status(), "a load balancer sees the node going away while it still answers");
    assertEquals("this node is shutting down", ready.json().get("reason").asText());
    closing.get(60, TimeUnit.SECONDS);
  }

  /**
   * A drain longer than Akka's default phase timeout (5 s) is kept whole: Kubernetes' manifests set
   * 10 s, and the phase once cut every drain at 5 s (a newcomer saw the port close 5.2 s into an 8 s drain).
   */
  @Test
  void aDrainLongerThanAkkasDefaultPhaseTimeoutKeepsThePortOpenForAllOfIt() throws Exception {
    RtdNode node = TestNodes.start("rtd.shutdown.drain-delay", "7s");
    InetSocketAddress frontend = node.frontendAddress();
    long started = System.nanoTime();
    CompletableFuture<Void> closing = TestNodes.closeInBackground(node);
    long sixSeconds = started + TimeUnit.SECONDS.toNanos(6);
    while (System.nanoTime() < sixSeconds) {
      Thread.sleep(100);
    }
    TestHttp.Response ready = TestHttp.get(TestHttp.url(frontend, "/ready")); // refused if the drain was cut
    assertEquals(503, ready.status(), "6 s into a 7 s drain the node still answers, not ready");
    closing.get(60, TimeUnit.SECONDS);
  }
}
