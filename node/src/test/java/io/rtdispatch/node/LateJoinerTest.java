package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.publishBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /connect?replay=recent} (docs/api.md, "Recent history for a late joiner"): a viewer
 * who opens the page after comments were posted gets what the frontend's history still holds,
 * then the live stream; a reconnect's {@code Last-Event-ID} takes precedence over it.
 */
class LateJoinerTest {

  @Test
  void aLateJoinerGetsTheRecentEventsThenLiveOnesAndALastEventIdWins() throws Exception {
    RtdNode node = TestNodes.start();
    try (node) {
      InetSocketAddress frontend = node.frontendAddress();
      InetSocketAddress dispatcher = node.dispatcherAddress();
      String topic = "live:late";
      try (SseTestClient early = SseTestClient.open(frontend, "/connect?topic=" + topic)) {
        Frame earlyConnected = early.next(WAIT);
        assertEquals("connected", earlyConnected.event());
        assertTrue(earlyConnected.data().contains("\"routable\":true"), "the topic is routable: " + earlyConnected.data());
        List<String> before = publishBatch(dispatcher, topic, 3, i -> "{\"text\":\"comment " + i + "\"}");
        assertEquals(before, ids(early.messages(3, WAIT)), "the early viewer got them live");

        try (SseTestClient late = SseTestClient.open(frontend, "/connect?replay=recent&topic=" + topic)) {
          Frame connected = late.next(WAIT);
          assertEquals("connected", connected.event());
          assertTrue(connected.data().contains("\"recovered\":false"), "no id given, so nothing claims recovery");
          assertEquals(before, ids(late.messages(3, WAIT)), "the recent events first, in order");
          List<String> after = publishBatch(dispatcher, topic, 1, i -> "{\"text\":\"live\"}");
          assertEquals(after, ids(late.messages(1, WAIT)), "then live, none again");
          TestNodes.assertNothingMore(late, topic, "nothing more", dispatcher);
        }

        try (SseTestClient reconnecting = SseTestClient.open(frontend, "/connect?replay=recent&topic=" + topic,
            "Last-Event-ID", before.get(1))) {
          assertEquals("connected", reconnecting.next(WAIT).event());
          assertEquals(before.get(2), reconnecting.messages(1, WAIT).get(0).id(),
              "a reconnect's Last-Event-ID wins: only what it missed");
        }
      }
    }
  }

  private static List<String> ids(List<Frame> frames) {
    return frames.stream().map(Frame::id).toList();
  }
}
