package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static io.rtdispatch.node.TestNodes.publishBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, recovery on reconnect, against a real node over real sockets: a client reconnecting
 * with {@code Last-Event-ID} (or {@code ?lastEventId=}) to the same frontend gets exactly the
 * events it missed, in order, then the live stream, with no duplicate, and {@code recovered} says
 * whether that was all of them.
 */
class RecoveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private static RtdNode node;
  private static InetSocketAddress frontend;
  private static InetSocketAddress dispatcher;

  @BeforeAll
  static void startNode() throws Exception {
    // A lone viewer's topic stays registered (and its history kept) while it reconnects.
    node = TestNodes.start("rtd.registry.unsubscribe-grace", "30s", "rtd.frontend.history.max-events-per-topic", 50,
        "rtd.dispatcher.history.max-events-per-topic", 50);
    frontend = node.frontendAddress();
    dispatcher = node.dispatcherAddress();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void reconnectingWithLastEventIdGetsExactlyTheMissedEventsInOrderThenLive() throws Exception {
    String topic = topic();
    String last;
    try (SseTestClient first = connect("/connect?topic=" + topic)) {
      List<String> seen = publishBatch(dispatcher, topic, 3, i -> "\"before " + i + "\"");
      assertEquals(seen, ids(first.messages(3, WAIT)));
      last = seen.get(2);
    }
    double received = metric(frontend, "rtd_frontend_events_received_total");
    List<String> missed = publishBatch(dispatcher, topic, 5, i -> "\"missed " + i + "\"");
    awaitReceived(received + 5); // so they come from the history, not live

    try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=" + topic, "Last-Event-ID", last)) {
      assertEquals(true, connected(again).get("recovered").asBoolean());
      assertEquals(missed, ids(again.messages(5, WAIT)), "exactly the missed events, in order");
      List<String> live = publishBatch(dispatcher, topic, 2, i -> "\"live " + i + "\"");
      assertEquals(live, ids(again.messages(2, WAIT)));
      TestNodes.assertNothingMore(again, topic, "nothing more", dispatcher);
    }
    assertTrue(metric(frontend, "rtd_frontend_recoveries_total", "result", "complete") >= 1);
  }

  @Test
  void anIdOlderThanTheHistoryIsNotRecovered() throws Exception {
    String topic = topic();
    String oldest;
    try (SseTestClient first = connect("/connect?topic=" + topic)) {
      oldest = publishBatch(dispatcher, topic, 1, i -> "0").get(0);
      first.messages(1, WAIT);
      publishBatch(dispatcher, topic, 60, i -> Integer.toString(i)); // max-events-per-topic is 50
      first.messages(60, WAIT);
    }
    try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=" + topic, "Last-Event-ID", oldest)) {
      assertFalse(connected(again).get("recovered").asBoolean());
      TestNodes.assertNothingMore(again, topic, "nothing is replayed", dispatcher);
    }
    try (SseTestClient unknown = SseTestClient.open(frontend, "/connect?topic=" + topic, "Last-Event-ID", "nope")) {
      assertFalse(connected(unknown).get("recovered").asBoolean(), "an unknown id recovers nothing");
    }
  }

  @Test
  void theQueryParameterWorksAndTwoTopicsReplayInArrivalOrder() throws Exception {
    String a = topic();
    String b = topic();
    String last = receiveOneAndLeave("/connect?topic=" + a + "&topic=" + b, a);
    double received = metric(frontend, "rtd_frontend_events_received_total");
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      missed.addAll(publishBatch(dispatcher, i % 2 == 0 ? b : a, 1, n -> "1"));
      awaitReceived(received + missed.size());
    }
    try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=" + a + "&topic=" + b
        + "&lastEventId=" + last)) {
      assertTrue(connected(again).get("recovered").asBoolean());
      assertEquals(missed, ids(again.messages(3, WAIT)), "both topics' missed events, in the order they came");
    }
  }

  @Test
  void eventsArrivingDuringTheReplayAreNeitherLostNorDuplicated() throws Exception {
    String topic = topic();
    String last = receiveOneAndLeave("/connect?topic=" + topic, topic);
    List<String> published = new ArrayList<>(publishBatch(dispatcher, topic, 20, i -> Integer.toString(i)));
    CompletableFuture<List<String>> during = CompletableFuture.supplyAsync(() -> {
      List<String> ids = new ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          ids.addAll(publishBatch(dispatcher, topic, 1, n -> "1"));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return ids;
    });
    try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=" + topic, "Last-Event-ID", last)) {
      connected(again);
      published.addAll(during.get());
      List<String> received = ids(again.messages(published.size(), WAIT));
      assertEquals(published.size(), new HashSet<>(received).size(), "no duplicates: " + received);
      assertEquals(new HashSet<>(published), new HashSet<>(received), "none lost");
      assertEquals(published, received, "one dispatcher, one topic: in publish order");
      TestNodes.assertNothingMore(again, topic, "nothing more", dispatcher);
    }
  }

  @Test
  void aTopicThisFrontendNeverServedIsRecoveredFromItsDispatcherInProcess() throws Exception {
    String topic = topic();
    double kept = metric(dispatcher, "rtd_dispatcher_history_events");
    String last = publishBatch(dispatcher, topic, 1, i -> "0").get(0); // no subscriber anywhere
    List<String> missed = publishBatch(dispatcher, topic, 4, i -> "\"missed " + i + "\"");
    eventually(WAIT, () -> assertTrue(metric(dispatcher, "rtd_dispatcher_history_events") >= kept + 5));

    try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=" + topic, "Last-Event-ID", last)) {
      assertTrue(connected(again).get("recovered").asBoolean(), "the dispatcher's history holds all it missed");
      assertEquals(missed, ids(again.messages(4, WAIT)), "exactly the missed events, in order");
      List<String> live = publishBatch(dispatcher, topic, 2, i -> "\"live " + i + "\"");
      assertEquals(live, ids(again.messages(2, WAIT)));
      TestNodes.assertNothingMore(again, topic, "nothing more", dispatcher);
    }
  }

  @Test
  void theHistoryEndpointAnswersBadQueriesWithJson400() throws Exception {
    InetSocketAddress internal = node.internalAddress();
    for (String query : List.of("?topic=a", "?after=x", "?after=x&topic=bad%20topic", "?after=bad%22id&topic=a")) {
      TestNodes.assertError(400, "", TestHttp.get(TestHttp.url(internal, "/internal/history" + query)));
    }
    TestHttp.Response answer = TestHttp.get(TestHttp.url(internal, "/internal/history?after=x-y-1&topic=" + topic()));
    assertEquals(200, answer.status(), answer.body());
  }

  /** Connects to {@code target}, receives one event published to {@code topic}, disconnects; its id. */
  private static String receiveOneAndLeave(String target, String topic) throws Exception {
    try (SseTestClient first = connect(target)) {
      String id = publishBatch(dispatcher, topic, 1, i -> "0").get(0);
      assertEquals(id, first.messages(1, WAIT).get(0).id());
      return id;
    }
  }

  private static SseTestClient connect(String target) throws Exception {
    SseTestClient client = SseTestClient.open(frontend, target);
    JsonNode data = connected(client);
    assertFalse(data.get("recovered").asBoolean(), "no last event id, nothing recovered");
    return client;
  }

  private static JsonNode connected(SseTestClient client) throws Exception {
    Frame frame = client.next(WAIT);
    assertEquals("connected", frame.event());
    JsonNode data = JSON.readTree(frame.data());
    assertTrue(data.get("routable").asBoolean(), frame.data());
    return data;
  }

  /** Waits until the frontend has received this many events in all (tests run one at a time). */
  private static void awaitReceived(double total) throws Exception {
    eventually(WAIT, () -> assertTrue(metric(frontend, "rtd_frontend_events_received_total") >= total,
        "the events reached the frontend"));
  }

  private static List<String> ids(List<Frame> frames) {
    return frames.stream().map(Frame::id).toList();
  }

  private static String topic() {
    return "recovery:" + TOPICS.incrementAndGet();
  }
}
