package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection's buffer is bounded in bytes, with DEFAULT settings: a legitimate batch reaches a
 * client that was idle while it was published, and a client that never reads loses events (counted)
 * but not its connection.
 */
class ByteBoundedBufferTest {

  private static RtdNode node;

  @BeforeAll
  static void startNodeWithDefaultSettings() throws Exception {
    node = TestNodes.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void aThousandEventBatchReachesAClientThatWasIdleWhileItWasPublished() throws Exception {
    InetSocketAddress frontend = node.frontendAddress();
    String topic = "live:batch";
    double dropsBefore = metric(frontend, "rtd_frontend_drops_total");
    try (SseTestClient idle = SseTestClient.openWithoutReading(frontend, "/connect?topic=" + topic)) {
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
      List<String> published = publish(topic, 1000, "{\"n\":1}");

      idle.startReading();

      assertEquals("connected", idle.next(WAIT).event());
      assertEquals(published, idle.messages(1000, WAIT).stream().map(Frame::id).toList(),
          "all 1,000 events of the batch, in order");
      assertEquals(dropsBefore, metric(frontend, "rtd_frontend_drops_total"));
    }
  }

  @Test
  void aClientThatNeverReadsDropsCountedEventsAndGetsNewOnesOnceItReadsAgain() throws Exception {
    InetSocketAddress frontend = node.frontendAddress();
    String topic = "live:hot";
    String data = "\"" + "x".repeat(16 * 1024) + "\"";
    double dropsBefore = metric(frontend, "rtd_frontend_drops_total");
    try (SseTestClient stalled = SseTestClient.openWithoutReading(frontend, "/connect?topic=" + topic);
        SseTestClient reader = SseTestClient.open(frontend, "/connect?topic=" + topic)) {
      reader.next(WAIT);
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
      eventually(WAIT, () -> assertTrue(metric(frontend, "rtd_frontend_subscriptions") >= 2));
      List<String> published = new ArrayList<>();
      // A hot topic: 8 events of 16 KiB at a time, paced by the reading client (so it never falls
      // behind), until the stalled client's 256 KiB (plus what the sockets hold) overflows; at most 32 MiB.
      for (int batch = 0; batch < 256 && metric(frontend, "rtd_frontend_drops_total") == dropsBefore; batch++) {
        List<String> ids = publish(topic, 8, data);
        published.addAll(ids);
        assertEquals(ids, reader.messages(8, WAIT).stream().map(Frame::id).toList(), "the reader gets every event");
      }
      assertTrue(metric(frontend, "rtd_frontend_drops_total") > dropsBefore,
          "the stalled client's buffer never overflowed after " + published.size() + " events");

      // It reads again: it gets what its buffers held, which is every event not dropped (and counted) ...
      stalled.startReading();
      assertEquals("connected", stalled.next(WAIT).event());
      List<String> got = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (got.size() < published.size() - (metric(frontend, "rtd_frontend_drops_total") - dropsBefore)) {
        assertTrue(System.nanoTime() < deadline, "got " + got.size() + " of " + published.size() + " events");
        stalled.drain(Duration.ofMillis(100)).stream().filter(f -> !f.comment()).forEach(f -> got.add(f.id()));
      }
      assertEquals(published.stream().filter(got::contains).toList(), got, "in order, each once");
      // ... and, its buffer empty again, the next event.
      String next = publish(topic, 1, "\"after\"").get(0);
      assertEquals(next, stalled.messages(1, WAIT).get(0).id());
    }
  }

  private static List<String> publish(String topic, int events, String data) throws Exception {
    return TestNodes.publishBatch(node.dispatcherAddress(), topic, events, i -> data);
  }
}
