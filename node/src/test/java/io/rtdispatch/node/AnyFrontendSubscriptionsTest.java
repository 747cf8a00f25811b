package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.metric;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.frontend.testing.Tokens;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subscription changes through any frontend (issue 11): a data center of real processes, two
 * frontends A and B and a dispatcher, with subscribe tokens on ({@code room:*} public), an
 * internal token and at most 3 topics per stream. Streams are opened on A; every change goes to B,
 * which forwards it to A, and the answers are those A gives for its own streams.
 */
class AnyFrontendSubscriptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SECRET = "any-frontend-subscriptions-test-secret-0123";
  private static final String INTERNAL_TOKEN = "any-frontend-internal-token";
  private static final String[] INTERNAL = {"Authorization", "Bearer " + INTERNAL_TOKEN};

  private static LocalProcesses dc;
  private static InetSocketAddress a;
  private static InetSocketAddress b;
  private static InetSocketAddress publisher;
  private static InetSocketAddress routes;

  @BeforeAll
  static void startDataCenter() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-any", 2, 1))).stream()
        .map(spec -> spec.withEnv("RTD_SUBSCRIBE_JWT_SECRET", SECRET).withEnv("RTD_PUBLIC_TOPICS", "room:*")
            .withEnv("RTD_INTERNAL_TOKEN", INTERNAL_TOKEN).withEnv("RTD_MAX_TOPICS_PER_CONNECTION", "3")
            .withEnv("RTD_SUBSCRIBE_ACK_TIMEOUT", "2s").withEnv("RTD_SUBSCRIPTION_FORWARD_TIMEOUT", "3s"))
        .toList();
    dc = new LocalProcesses(specs, "any-frontend").startAll();
    a = frontend(dc.node("dc-any-frontend-1"));
    b = frontend(dc.node("dc-any-frontend-2"));
    publisher = dispatcher(dc.node("dc-any-dispatcher-1"));
    routes = internal(dc.node("dc-any-dispatcher-1"));
  }

  @AfterAll
  static void stopDataCenter() throws Exception {
    if (dc != null) {
      dc.close();
    }
  }

  private static String connectionId(SseTestClient stream) throws Exception {
    SseTestClient.Frame connected = stream.next(f -> "connected".equals(f.event()), WAIT);
    return JSON.readTree(connected.data()).get("connectionId").asText();
  }

  private static String change(String id, String topic) {
    return "{\"connectionId\":\"" + id + "\",\"topic\":\"" + topic + "\"}";
  }

  /** A POST as a client does it: retried after a 503 saying the owner's address has not reached the frontend yet. */
  private static TestHttp.Response subscribe(InetSocketAddress frontend, String id, String topic, String... headers)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      TestHttp.Response response = TestHttp.postJson(TestHttp.url(frontend, "/subscriptions"), change(id, topic),
          headers);
      if (response.status() != 503 || !response.body().contains("not known here yet") || System.nanoTime() > deadline) {
        return response;
      }
      Thread.sleep(200);
    }
  }

  private static TestHttp.Response unsubscribe(InetSocketAddress frontend, String id, String topic) throws Exception {
    return TestHttp.send("DELETE", TestHttp.url(frontend, "/subscriptions"), "application/json", change(id, topic));
  }

  private static void publish(String topic, String data) throws Exception {
    TestHttp.Response published = TestHttp.postJson(TestHttp.url(publisher, "/publish"), publishBody(topic, "t", data));
    assertEquals(202, published.status(), published.body());
  }

  private static JsonNode nextMessage(SseTestClient stream) throws Exception {
    return JSON.readTree(stream.messages(1, WAIT).get(0).data());
  }

  @Test
  void aChangeSentToTheOtherFrontendTakesEffectOnTheStream() throws Exception {
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:canary")) {
      String id = connectionId(stream);
      TestNodes.awaitRoutes(routes, "room:canary", 1, INTERNAL);
      double forwarded = metric(b, "rtd_frontend_subscription_forwards_total", "result", "200");

      TestHttp.Response subscribed = subscribe(b, id, "room:1");
      assertEquals(200, subscribed.status(), subscribed.body());
      JsonNode answer = subscribed.json();
      assertEquals(id, answer.get("connectionId").asText());
      assertEquals("room:1", answer.get("topic").asText());
      assertTrue(answer.get("subscribed").asBoolean(), answer.toString());
      assertTrue(answer.has("routable"), "the owner's answer is relayed whole: " + answer);
      TestNodes.awaitRoutes(routes, "room:1", 1, INTERNAL);
      publish("room:1", "1");
      JsonNode event = nextMessage(stream);
      assertEquals("room:1", event.get("topic").asText());
      assertEquals(1, event.get("data").asInt());

      TestHttp.Response unsubscribed = unsubscribe(b, id, "room:1");
      assertEquals(200, unsubscribed.status(), unsubscribed.body());
      assertFalse(unsubscribed.json().get("subscribed").asBoolean(), unsubscribed.body());
      // The same dispatcher sends both to A in order: the canary shows room:1 had its chance.
      publish("room:1", "2");
      publish("room:canary", "3");
      JsonNode next = nextMessage(stream);
      assertEquals("room:canary", next.get("topic").asText(), "no room:1 event after unsubscribing: " + next);

      assertEquals(forwarded + 2, metric(b, "rtd_frontend_subscription_forwards_total", "result", "200"));
      assertEquals(0.0, metric(a, "rtd_frontend_subscription_forwards_total", "result", "200"),
          "A held the stream and forwarded nothing");
    }
  }

  @Test
  void aClosedOrUnknownConnectionIs404ThroughTheOtherFrontend() throws Exception {
    String id;
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:gone")) {
      id = connectionId(stream);
      assertEquals(200, subscribe(b, id, "room:2").status());
    }
    eventually(WAIT, () -> assertError(404, "no open connection", subscribe(b, id, "room:3")));
    assertError(404, "no open connection", unsubscribe(b, id, "room:2"));
    String random = id.substring(0, id.indexOf('.'));
    assertError(404, "no open connection", subscribe(b, random + ".zzzzzz", "room:3"));
    assertError(404, "no open connection", subscribe(b, random, "room:3"));
  }

  @Test
  void theOwnersLimitAnswers429ThroughTheOtherFrontend() throws Exception {
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:a&topic=room:b&topic=room:c")) {
      String id = connectionId(stream);
      assertError(429, "the limit is 3", subscribe(b, id, "room:d"));
      assertEquals(1.0, metric(b, "rtd_frontend_subscription_forwards_total", "result", "429"));
    }
  }

  @Test
  void theReceivingFrontendChecksTheSubscribeToken() throws Exception {
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:tokens")) {
      String id = connectionId(stream);
      TestHttp.Response missing = subscribe(b, id, "member:7");
      assertError(401, "needs a subscribe token", missing);
      assertTrue(missing.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
      String later = Tokens.hs256(SECRET, List.of("member:7"), Instant.now().plusSeconds(3600));
      assertError(403, "'member:8'", subscribe(b, id, "member:8", "Authorization", "Bearer " + later));
      assertEquals(200, subscribe(b, id, "member:7", "Authorization", "Bearer " + later).status());
      TestNodes.awaitRoutes(routes, "member:7", 1, INTERNAL);
      publish("member:7", "7");
      assertEquals("member:7", nextMessage(stream).get("topic").asText());
    }
  }

  @Test
  void theInternalEndpointTakesOnlyTheInternalToken() throws Exception {
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:internal")) {
      String id = connectionId(stream);
      String url = TestHttp.url(internal(dc.node("dc-any-frontend-1")), "/internal/subscriptions");
      assertError(401, "internal endpoints", TestHttp.postJson(url, change(id, "member:9")));
      assertError(404, "internal port", TestHttp.postJson(TestHttp.url(a, "/internal/subscriptions"),
          change(id, "member:9")));
    }
  }

  @Test
  void anOwnerThatDoesNotAnswerIs503AfterTheForwardTimeout() throws Exception {
    try (SseTestClient stream = SseTestClient.open(a, "/connect?topic=room:stopped")) {
      String id = connectionId(stream);
      NodeProcess owner = dc.node("dc-any-frontend-1");
      LocalProcesses.signal(owner, "STOP");
      try {
        assertError(503, "did not answer within 3000 ms", subscribe(b, id, "room:4"));
      } finally {
        LocalProcesses.signal(owner, "CONT");
      }
      assertEquals(1.0, metric(b, "rtd_frontend_subscription_forwards_total", "result", "timeout"));
      eventually(WAIT, () -> assertEquals(200, subscribe(b, id, "room:4").status()));
    }
  }
}
