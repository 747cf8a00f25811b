package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtdispatch.common.testing.SseTestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many events to one reader: the frontend writes whatever is pending for a connection in one go,
 * and a reader that keeps reading gets every event, in publish order, with default settings.
 */
class CoalescedDeliveryTest {

  private static final int EVENTS = 10_000;
  private static final int BATCH = 200;
  /** Events published ahead of what the reader has taken: well inside the default 256 KiB buffer. */
  private static final int AHEAD = 1_000;

  @Test
  void manyEventsPublishedInBatchesAllReachAReaderInOrderWithoutDrops() throws Exception {
    try (RtdNode node = TestNodes.start()) {
      String topic = "live:coalesced";
      try (SseTestClient reader = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
        reader.next(WAIT);
        TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
        List<String> published = new ArrayList<>();
        List<String> received = new ArrayList<>();
        for (int sent = 0; sent < EVENTS; sent += BATCH) {
          int first = sent;
          published.addAll(TestNodes.publishBatch(node.dispatcherAddress(), topic, BATCH,
              i -> "{\"n\":" + (first + i) + "}"));
          int behind = published.size() - received.size() - AHEAD;
          if (behind > 0) {
            reader.messages(behind, WAIT).forEach(frame -> received.add(frame.id()));
          }
        }
        reader.messages(published.size() - received.size(), WAIT).forEach(frame -> received.add(frame.id()));

        assertEquals(published, received, "every event, once, in publish order");
        assertEquals(0.0, metric(node.frontendAddress(), "rtd_frontend_drops_total"));
        assertEquals(0.0, metric(node.dispatcherAddress(), "rtd_dispatcher_drops_total"));
        assertEquals((double) EVENTS, metric(node.frontendAddress(), "rtd_frontend_deliveries_total"));
      }
    }
  }
}
