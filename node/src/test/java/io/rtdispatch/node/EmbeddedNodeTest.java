package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.awaitRoutes;
import static io.rtdispatch.node.TestNodes.metric;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole delivery path of the embedded default (one process, both roles, one-node cluster),
 * driven the way users drive it: SSE over a real socket, publishes over real HTTP.
 */
class EmbeddedNodeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration QUIET = Duration.ofMillis(600);

  private static RtdNode node;
  private static InetSocketAddress frontend;
  private static InetSocketAddress dispatcher;
  private static InetSocketAddress internal;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start("rtd.frontend.heartbeat-interval", "300ms");
    frontend = node.frontendAddress();
    dispatcher = node.dispatcherAddress();
    internal = node.internalAddress();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void streamStartsWithConnectedFrameCarryingIdAndRetryHint() throws Exception {
    try (SseTestClient client = SseTestClient.open(frontend, "/connect")) {
      assertEquals(200, client.status());
      assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
      assertEquals("no-cache", client.header("Cache-Control"));
      Frame first = client.next(WAIT);
      assertEquals("connected", first.event());
      assertEquals(2000L, first.retry());
      assertTrue(JSON.readTree(first.data()).get("connectionId").asText().length() >= 20, first.data());
    }
  }

  @Test
  void deliversEventsToSubscribersOfQueryParameterTopicsWithContractFrames() throws Exception {
    String topic = topic("live");
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + topic)) {
      client.next(WAIT);
      awaitRoutes(internal, topic, 1);
      String data = "{\"from\":\"ann\",\"n\":1.50,\"tags\":[\"a\",\"é\"],\"nested\":{\"ok\":true}}";
      TestHttp.Response published = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"), publishBody(topic, "like", data));
      assertEquals(202, published.status(), published.body());
      String id = published.json().get("id").asText();

      Frame frame = client.messages(1, WAIT).get(0);
      assertEquals(id, frame.id());
      JsonNode envelope = JSON.readTree(frame.data());
      assertEquals(id, envelope.get("id").asText());
      assertEquals(topic, envelope.get("topic").asText());
      assertEquals("like", envelope.get("type").asText());
      assertTrue(envelope.get("publishedAt").asLong() > 1_600_000_000_000L);
      assertTrue(frame.data().contains("\"data\":" + data + ","), "data must arrive verbatim: " + frame.data());
      assertEquals(List.of("id", "topic", "type", "data", "publishedAt"), fieldNames(envelope));
    }
  }

  @Test
  void deliversToAConnectionSubscribedAfterItOpened() throws Exception {
    String topic = topic("member");
    try (SseTestClient client = SseTestClient.open(frontend, "/connect")) {
      String connectionId = JSON.readTree(client.next(WAIT).data()).get("connectionId").asText();
      TestHttp.Response subscribed = TestHttp.postJson(TestHttp.url(frontend, "/subscriptions"),
          "{\"connectionId\":\"" + connectionId + "\",\"topic\":\"" + topic + "\"}");
      assertEquals(200, subscribed.status(), subscribed.body());
      assertEquals(connectionId, subscribed.json().get("connectionId").asText());
      assertEquals(topic, subscribed.json().get("topic").asText());
      assertTrue(subscribed.json().get("subscribed").asBoolean());
      awaitRoutes(internal, topic, 1);

      String id = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"), publishBody(topic, "comment", "\"hi\""))
          .json().get("id").asText();
      assertEquals(id, client.messages(1, WAIT).get(0).id());
    }
  }

  @Test
  void deliversEachEventOfABatchExactlyOnceInOrderPerTopic() throws Exception {
    String a = topic("live");
    String b = topic("live");
    try (SseTestClient both = SseTestClient.open(frontend, "/connect?topic=" + a + "&topic=" + b);
        SseTestClient onlyA = SseTestClient.open(frontend, "/connect?topic=" + a)) {
      both.next(WAIT);
      onlyA.next(WAIT);
      awaitRoutes(internal, a, 1);
      awaitRoutes(internal, b, 1);
      String batch = "[" + publishBody(a, "like", "1") + "," + publishBody(b, "like", "2") + ","
          + "{\"topic\":\"" + a + "\",\"data\":3}]";
      TestHttp.Response published = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"), batch);
      assertEquals(202, published.status(), published.body());
      List<String> ids = new ArrayList<>();
      published.json().get("ids").forEach(id -> ids.add(id.asText()));
      assertEquals(3, ids.size());

      List<Frame> received = both.messages(3, WAIT);
      assertEquals(Set.copyOf(ids), ids(received));
      List<Frame> aOnly = onlyA.messages(2, WAIT);
      assertEquals(List.of(ids.get(0), ids.get(2)), aOnly.stream().map(Frame::id).toList(), "order within a topic");
      assertEquals("message", JSON.readTree(aOnly.get(1).data()).get("type").asText(), "type defaults to message");
      // topics may be fanned out by different shards, so no canary of a proves that b never comes
      assertTrue(nonHeartbeats(onlyA.drain(QUIET)).isEmpty(), "nothing from topics it did not subscribe to");
      TestNodes.assertNothingMore(both, a, "no duplicates of a", dispatcher);
      TestNodes.assertNothingMore(both, b, "no duplicates of b", dispatcher);
    }
  }

  @Test
  void unsubscribeStopsDelivery() throws Exception {
    String topic = topic("live");
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + topic)) {
      String connectionId = JSON.readTree(client.next(WAIT).data()).get("connectionId").asText();
      awaitRoutes(internal, topic, 1);
      TestHttp.Response response = TestHttp.send("DELETE", TestHttp.url(frontend, "/subscriptions"), "application/json",
          "{\"connectionId\":\"" + connectionId + "\",\"topic\":\"" + topic + "\"}");
      assertEquals(200, response.status(), response.body());
      assertTrue(!response.json().get("subscribed").asBoolean());

      TestHttp.postJson(TestHttp.url(dispatcher, "/publish"), publishBody(topic, "like", "1"));
      assertTrue(nonHeartbeats(client.drain(QUIET)).isEmpty());
      awaitRoutes(internal, topic, 0);
    }
  }

  @Test
  void topicWithoutSubscribersIsNotSentToAnyFrontend() throws Exception {
    double received = metric(frontend, "rtd_frontend_events_received_total");
    double unroutable = metric(dispatcher, "rtd_dispatcher_events_unroutable_total");
    TestHttp.Response published = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"),
        publishBody(topic("nobody"), "like", "1"));
    assertEquals(202, published.status());
    eventually(WAIT, () -> assertEquals(unroutable + 1, metric(dispatcher, "rtd_dispatcher_events_unroutable_total")));
    assertEquals(received, metric(frontend, "rtd_frontend_events_received_total"));
  }

  @Test
  void idleStreamsGetCommentHeartbeatsNotEmptyMessages() throws Exception {
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + topic("quiet"))) {
      client.next(WAIT);
      Frame heartbeat = client.next(WAIT);
      assertTrue(heartbeat.comment(), "expected a comment frame, got " + heartbeat);
      assertEquals(null, heartbeat.data());
    }
  }

  @Test
  void disconnectingRemovesTheConnectionAndItsSubscriptions() throws Exception {
    String topic = topic("gone");
    SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + topic + "&topic=" + topic("gone"));
    client.next(WAIT);
    awaitRoutes(internal, topic, 1);
    client.close();
    awaitRoutes(internal, topic, 0);
  }

  @Test
  void servesTheDemoPageAndItsConfiguration() throws Exception {
    TestHttp.Response page = TestHttp.get(TestHttp.url(frontend, "/"));
    assertEquals(200, page.status());
    assertTrue(page.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("<script src=\"/demo.js\">"), "the demo page loads its script");
    assertTrue(TestHttp.get(TestHttp.url(frontend, "/demo.js")).body().contains("EventSource"),
        "the demo page streams with EventSource");
    JsonNode config = TestHttp.get(TestHttp.url(frontend, "/demo/config")).json();
    assertEquals("live:demo", config.get("topic").asText());
    assertEquals("default", config.get("dataCenter").asText());
    assertNotNull(config.get("publishUrl"));
  }

  @Test
  void publishAnswersCorsPreflightForTheDemoPage() throws Exception {
    TestHttp.Response preflight = TestHttp.send("OPTIONS", TestHttp.url(dispatcher, "/publish"), null, "",
        "Origin", "http://localhost:8080", "Access-Control-Request-Method", "POST");
    assertEquals(204, preflight.status());
    assertEquals("*", preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    assertTrue(preflight.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Content-Type"));
  }

  @Test
  void healthReadyAndMetricsAnswerOnBothPorts() throws Exception {
    for (InetSocketAddress address : List.of(frontend, dispatcher)) {
      assertEquals(200, TestHttp.get(TestHttp.url(address, "/health")).status());
      assertEquals("ready", TestHttp.get(TestHttp.url(address, "/ready")).json().get("status").asText());
      String metrics = TestHttp.get(TestHttp.url(address, "/metrics")).body();
      assertTrue(metrics.contains("rtd_frontend_connections{"), "frontend gauges exported");
      assertTrue(metrics.contains("rtd_dispatcher_events_published_total{"), "dispatcher counters exported");
      assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM meters exported");
    }
  }

  private static String topic(String kind) {
    return kind + ":" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Set<String> ids(List<Frame> frames) {
    Set<String> ids = new HashSet<>();
    frames.forEach(f -> ids.add(f.id()));
    return ids;
  }

  private static List<Frame> nonHeartbeats(List<Frame> frames) {
    return frames.stream().filter(f -> !f.comment()).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
