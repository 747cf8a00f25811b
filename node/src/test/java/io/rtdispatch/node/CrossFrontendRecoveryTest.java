package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.DataCenterClusterTest.concat;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, recovery on another frontend: one data center of real processes (two frontends, two
 * dispatchers). A client of a topic only frontend 1 serves loses that frontend (kill -9), events
 * are published meanwhile through both dispatchers, and it reconnects to frontend 2 with its
 * {@code Last-Event-ID}: it gets exactly the missed events, in order, once, with
 * {@code recovered:true}, then the live ones. An id older than the dispatchers' history gives
 * {@code recovered:false}.
 */
class CrossFrontendRecoveryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** rtd.dispatcher.history.max-events-per-topic of the dispatchers here. */
  private static final int KEPT = 20;

  @Test
  void aClientWhoseFrontendDiedRecoversOnAnotherFromTheDispatchers() throws Exception {
    try (LocalProcesses dc = new LocalProcesses(LocalProcesses.layout(
        List.of(new Topology.DataCenter("dc-rec", 2, 2))), "cross-frontend-recovery",
        // A generous fetch-timeout: the machine is shared, and a missing answer is recovered=false by design.
        spec -> concat(LocalProcesses.JVM, List.of("-Drtd.dispatcher.history.max-events-per-topic=" + KEPT,
            "-Drtd.frontend.history.fetch-timeout=15s")))
        .startAll()) {
      InetSocketAddress fe1 = frontend(dc.node("dc-rec-frontend-1"));
      InetSocketAddress fe2 = frontend(dc.node("dc-rec-frontend-2"));
      List<InetSocketAddress> dispatchers = List.of(dispatcher(dc.node("dc-rec-dispatcher-1")),
          dispatcher(dc.node("dc-rec-dispatcher-2")));
      List<InetSocketAddress> internals = List.of(internal(dc.node("dc-rec-dispatcher-1")),
          internal(dc.node("dc-rec-dispatcher-2")));

      String last;
      String old;
      try (SseTestClient first = SseTestClient.open(fe1, "/connect?topic=rec&topic=old")) {
        assertEquals("connected", first.next(WAIT).event());
        for (InetSocketAddress dispatcher : internals) {
          TestNodes.awaitRoutes(WAIT, dispatcher, "rec", 1);
        }
        old = DataCenterClusterTest.publish(dispatchers, "old", 1).get(0);
        List<String> before = DataCenterClusterTest.publish(dispatchers, "rec", 4);
        // Ids of two dispatchers order by their millisecond only: the last one seen gets one of its own.
        Thread.sleep(5);
        List<String> seen = concat(before, DataCenterClusterTest.publish(dispatchers.subList(0, 1), "rec", 1));
        DataCenterClusterTest.assertReceivesExactly(first, concat(List.of(old), seen));
        last = seen.get(4);
        // frontend 1 dies with its streams; frontend 2 never served these topics.
        dc.node("dc-rec-frontend-1").kill();
      }
      List<String> missed = DataCenterClusterTest.publish(dispatchers, "rec", 6);
      DataCenterClusterTest.publish(dispatchers, "old", 2 * KEPT + 4); // pushes "old" out of both histories
      awaitKept(dispatchers, 5 + 6 + 2 * KEPT);

      long asked = System.nanoTime();
      try (SseTestClient again = SseTestClient.open(fe2, "/connect?topic=rec", "Last-Event-ID", last)) {
        assertTrue(connected(again).get("recovered").asBoolean(), "both dispatchers answered gap-free");
        System.out.printf("MEASURED reconnect to another frontend, recovered from 2 dispatchers over HTTP: connected "
            + "frame after %d ms (the topic's registry write with a dead member, then that frontend's first, cold, "
            + "history requests)%n", (System.nanoTime() - asked) / 1_000_000);
        DataCenterClusterTest.assertReceivesExactly(again, missed);
        List<String> live = DataCenterClusterTest.publish(dispatchers, "rec", 3);
        DataCenterClusterTest.assertReceivesExactly(again, live);
        TestNodes.assertNothingMore(again, "rec", "nothing more", dispatchers.toArray(InetSocketAddress[]::new));
      }
      assertEquals(1.0, metric(fe2, "rtd_frontend_recoveries_total", "result", "complete"));

      try (SseTestClient tooOld = SseTestClient.open(fe2, "/connect?topic=old", "Last-Event-ID", old)) {
        assertFalse(connected(tooOld).get("recovered").asBoolean(), "the id left every history");
        TestNodes.assertNothingMore(tooOld, "old", "an id found nowhere replays nothing",
            dispatchers.toArray(InetSocketAddress[]::new));
      }
    }
  }

  /** Waits until the dispatchers together keep {@code events} events (they have routed all published). */
  private static void awaitKept(List<InetSocketAddress> dispatchers, int events) throws Exception {
    eventually(WAIT, () -> {
      double kept = 0;
      for (InetSocketAddress dispatcher : dispatchers) {
        kept += metric(dispatcher, "rtd_dispatcher_history_events");
      }
      assertEquals(events, kept, "events kept by the dispatchers");
    });
  }

  private static JsonNode connected(SseTestClient client) throws Exception {
    Frame frame = client.next(WAIT);
    assertEquals("connected", frame.event());
    return JSON.readTree(frame.data());
  }
}
