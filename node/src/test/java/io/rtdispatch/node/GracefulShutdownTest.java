package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Stopping a node ends its streams cleanly (clients reconnect elsewhere) and frees its ports. */
class GracefulShutdownTest {

  @Test
  void shutdownEndsOpenStreamsAndStopsAcceptingConnections() throws Exception {
    RtdNode node = TestNodes.start();
    InetSocketAddress frontend = node.frontendAddress();
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=live:bye")) {
      assertEquals("connected", client.next(WAIT).event());
      TestNodes.awaitRoutes(node.dispatcherAddress(), "live:bye", 1);

      node.close();

      assertTrue(client.awaitEnd(WAIT), "the stream ends when the node shuts down");
      assertThrows(IOException.class, () -> TestHttp.get(TestHttp.url(frontend, "/health")));
    }
  }
}
