package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping a node ends its streams cleanly (clients reconnect elsewhere) and frees its ports. */
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
}
