package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must cost the node a bounded buffer and nothing else: other
 * clients of the same topic get every event, and the slow one's excess is dropped and counted.
 */
class SlowReaderTest {

  private static final int EVENTS = 1000;
  private static final int BATCH = 16;
  private static final String BUFFER = "512KiB"; // one batch of 16 events of 16 KiB fits

  @Test
  void aClientThatNeverReadsDoesNotHoldBackOthersAndItsBufferStaysBounded() throws Exception {
    try (RtdNode node = TestNodes.start("rtd.frontend.connection-buffer-size", BUFFER)) {
      String topic = "live:slow";
      String data = "\"" + "x".repeat(16 * 1024) + "\"";
      try (SseTestClient slow = SseTestClient.openWithoutReading(node.frontendAddress(), "/connect?topic=" + topic);
          SseTestClient fast = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
        fast.next(WAIT);
        TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
        eventually(WAIT, () -> assertEquals(2.0, metric(node.frontendAddress(), "rtd_frontend_subscriptions")));

        // The publisher waits for the reading client after each batch: it is never overrun, while
        // the slow client's buffer has been full since the first few batches.
        List<String> published = new ArrayList<>();
        List<String> received = new ArrayList<>();
        for (int sent = 0; sent < EVENTS; sent += BATCH) {
          StringBuilder batch = new StringBuilder("[");
          for (int i = 0; i < BATCH; i++) {
            batch.append(i == 0 ? "" : ",").append(TestNodes.publishBody(topic, "like", data));
          }
          TestHttp.Response response = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
              batch.append("]").toString());
          assertEquals(202, response.status(), response.body());
          response.json().get("ids").forEach(id -> published.add(id.asText()));
          fast.messages(BATCH, WAIT).forEach(frame -> received.add(frame.id()));
        }
        assertEquals(published, received, "the reading client gets every event, in order");

        // Everything the slow client did not take beyond its small buffer (and what the kernel's
        // socket buffers absorbed) was dropped, not queued: memory for it is bounded.
        double drops = metric(node.frontendAddress(), "rtd_frontend_drops_total");
        assertTrue(drops >= EVENTS / 2.0, "expected most events to the slow client dropped, got " + drops);
        assertTrue(drops <= EVENTS, "only the slow client drops: " + drops);
      }
    }
  }
}
