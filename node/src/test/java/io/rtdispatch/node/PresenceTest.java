package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Viewer counts on one embedded node (both roles, the default): {@code GET /presence} follows
 * connects and disconnects, including a client whose socket is reset without an HTTP close;
 * {@code presence} events reach topics matching {@code push-topics} and no others; the endpoints'
 * errors are JSON.
 */
class PresenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "inside";

  private static RtdNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start("rtd.presence.push-topics", "live:*", "rtd.presence.interval", "500ms",
        "rtd.security.internal-token", TOKEN);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** {@code GET /presence} on {@code dispatcher}, until it says {@code expected} for {@code topic}. */
  static JsonNode awaitCount(InetSocketAddress dispatcher, String topic, int expected) throws Exception {
    JsonNode[] last = new JsonNode[1];
    eventually(WAIT, () -> {
      TestHttp.Response response = TestHttp.get(TestHttp.url(dispatcher, "/presence?topic=" + topic));
      assertEquals(200, response.status(), response.body());
      last[0] = response.json();
      assertEquals(expected, last[0].get("subscribers").asInt(), "count of " + topic + ": " + last[0]);
    });
    return last[0];
  }

  /** Reads {@code client}'s frames until a presence event saying {@code subscribers}. */
  static void awaitPresenceEvent(SseTestClient client, int subscribers) throws Exception {
    client.next(frame -> {
      if (frame.comment() || frame.event() != null) {
        return false;
      }
      try {
        JsonNode envelope = JSON.readTree(frame.data());
        return envelope.get("type").asText().equals("presence")
            && envelope.get("data").get("subscribers").asInt() == subscribers;
      } catch (Exception e) {
        return false;
      }
    }, WAIT);
  }

  /** Resets a stream's socket (RST, no HTTP-level close): a client that vanished. */
  static void vanish(SocketChannel stream) throws Exception {
    stream.setOption(StandardSocketOptions.SO_LINGER, 0);
    stream.close();
  }

  @Test
  void countsFollowConnectsAndDisconnectsIncludingAVanishedClient() throws Exception {
    InetSocketAddress fe = node.frontendAddress();
    InetSocketAddress dispatcher = node.dispatcherAddress();
    JsonNode none = awaitCount(dispatcher, "room:count", 0);
    assertEquals("room:count", none.get("topic").asText());
    assertEquals(0, none.get("dataCenters").get("default").asInt(), none.toString());
    assertEquals(0, none.get("unreachable").size());

    try (SseTestClient a = SseTestClient.open(fe, "/connect?topic=room:count");
        SseTestClient b = SseTestClient.open(fe, "/connect?topic=room:count&topic=other")) {
      SocketChannel gone = RawHttp.idleStream(fe, "/connect?topic=room:count");
      awaitCount(dispatcher, "room:count", 3);
      awaitCount(dispatcher, "other", 1);
      vanish(gone);
      b.close();
      long closed = System.nanoTime();
      awaitCount(dispatcher, "room:count", 1);
      System.out.println("MEASURED presence converged " + (System.nanoTime() - closed) / 1_000_000
          + " ms after a reset and a close (one embedded node)");
      awaitCount(dispatcher, "other", 0);
    }
  }

  @Test
  void presenceEventsReachMatchingTopicsOnly() throws Exception {
    InetSocketAddress fe = node.frontendAddress();
    try (SseTestClient live = SseTestClient.open(fe, "/connect?topic=live:pushed");
        SseTestClient room = SseTestClient.open(fe, "/connect?topic=room:quiet")) {
      assertEquals("connected", room.next(WAIT).event());
      awaitPresenceEvent(live, 1);
      try (SseTestClient second = SseTestClient.open(fe, "/connect?topic=live:pushed")) {
        awaitPresenceEvent(live, 2);
        awaitPresenceEvent(second, 2);
      }
      awaitPresenceEvent(live, 1);
      // the pusher publishes through the same router as /publish, so a presence event pushed into
      // room:quiet in the rounds that reached live:pushed would come before this canary
      TestNodes.assertNothingMore(room, "room:quiet", "room:quiet is not a push topic, it gets no presence events",
          node.dispatcherAddress());
    }
  }

  @Test
  void badQueriesGetJsonErrors() throws Exception {
    InetSocketAddress dispatcher = node.dispatcherAddress();
    assertError(400, "topic is required", TestHttp.get(TestHttp.url(dispatcher, "/presence")));
    assertError(400, "topic may contain only", TestHttp.get(TestHttp.url(dispatcher, "/presence?topic=a%20b")));
    String internal = TestHttp.url(node.internalAddress(), "/internal/presence");
    assertError(401, "peer data centers", TestHttp.postJson(internal, "{\"topics\":[\"a\"]}"));
    String auth = "Bearer " + TOKEN;
    assertError(400, "array of strings", TestHttp.postJson(internal, "{\"topics\":\"a\"}", "Authorization", auth));
    assertError(400, "not valid JSON", TestHttp.postJson(internal, "{", "Authorization", auth));
    TestHttp.Response counted = TestHttp.postJson(internal, "{\"topics\":[\"nobody\"]}", "Authorization", auth);
    assertEquals(200, counted.status(), counted.body());
    assertEquals(0, counted.json().get("subscribers").size(), counted.body());
    String subscribers = TestHttp.url(node.internalAddress(), "/internal/subscribers");
    assertError(401, "internal endpoints", TestHttp.postJson(subscribers, "{\"topics\":[\"a\"]}"));
    assertError(400, "topic pattern 'a b*'", TestHttp.postJson(subscribers, "{\"patterns\":[\"a b*\"]}",
        "Authorization", auth));
  }
}
