package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Configured tokens answer 401 and configured limits answer 429, each with a JSON error. */
class LimitsAndTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISH_TOKEN = "publish-secret";
  private static final String INTERNAL_TOKEN = "internal-secret";

  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start(
        "rtd.security.publish-token", PUBLISH_TOKEN,
        "rtd.security.internal-token", INTERNAL_TOKEN,
        "rtd.frontend.max-connections", 2,
        "rtd.frontend.max-topics-per-connection", 2,
        "rtd.dispatcher.publish.max-events-per-second", 3);
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void publishNeedsTheConfiguredBearerToken() throws Exception {
    String url = TestHttp.url(node.dispatcherAddress(), "/publish");
    assertError(401, "missing 'Authorization: Bearer <token>'", TestHttp.postJson(url, publishBody("t", "like", "1")));
    assertError(401, "not valid", TestHttp.postJson(url, publishBody("t", "like", "1"), "Authorization", "Bearer wrong"));
  }

  @Test
  void internalEndpointsNeedTheInternalToken() throws Exception {
    String deliver = TestHttp.url(node.internalAddress(), "/internal/deliver");
    assertError(401, "internal", TestHttp.send("POST", deliver, "application/x-rtd-events", ""));
    assertError(401, "not valid", TestHttp.send("POST", deliver, "application/x-rtd-events", "",
        "Authorization", "Bearer " + PUBLISH_TOKEN));
    assertEquals(204, TestHttp.send("POST", deliver, "application/x-rtd-events", "",
        "Authorization", "Bearer " + INTERNAL_TOKEN).status());
  }

  @Test
  void deliveryWorksWithTokensConfigured() throws Exception {
    String topic = "live:tokens";
    try (SseTestClient client = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
      client.next(WAIT);
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1, "Authorization", "Bearer " + INTERNAL_TOKEN);
      TestHttp.Response published = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
          publishBody(topic, "like", "1"), "Authorization", "Bearer " + PUBLISH_TOKEN);
      assertEquals(202, published.status(), published.body());
      assertEquals(published.json().get("id").asText(), client.messages(1, WAIT).get(0).id());
    }
  }

  @Test
  void connectionsAndTopicsOverTheLimitsGet429() throws Exception {
    try (SseTestClient first = SseTestClient.open(node.frontendAddress(), "/connect?topic=a&topic=b")) {
      String connectionId = JSON.readTree(first.next(WAIT).data()).get("connectionId").asText();
      assertError(429, "the limit is 2", TestHttp.postJson(TestHttp.url(node.frontendAddress(), "/subscriptions"),
          "{\"connectionId\":\"" + connectionId + "\",\"topic\":\"c\"}"));
      assertError(429, "at most 2 topics", TestHttp.get(TestHttp.url(node.frontendAddress(), "/connect?topic=a&topic=b&topic=c")));
      try (SseTestClient second = SseTestClient.open(node.frontendAddress(), "/connect")) {
        second.next(WAIT);
        assertError(429, "connections, the limit is 2", TestHttp.get(TestHttp.url(node.frontendAddress(), "/connect")));
      }
    }
  }

  @Test
  void aClosedConnectionFreesItsSlotWithoutWaitingForAHeartbeat() throws Exception {
    // Heartbeats are 15 s here: only noticing the client's close frees the slot within the wait.
    SseTestClient first = SseTestClient.open(node.frontendAddress(), "/connect");
    try (SseTestClient second = SseTestClient.open(node.frontendAddress(), "/connect")) {
      first.next(WAIT);
      second.next(WAIT);
      first.close();
      eventually(Duration.ofSeconds(5), () -> {
        try (SseTestClient third = SseTestClient.open(node.frontendAddress(), "/connect")) {
          assertEquals(200, third.status());
        }
      });
    }
  }

  @Test
  void publishesOverTheRateLimitGet429() throws Exception {
    String url = TestHttp.url(node.dispatcherAddress(), "/publish");
    String batch = "[" + publishBody("t", "like", "1") + "," + publishBody("t", "like", "2") + "]";
    int accepted = 0;
    TestHttp.Response last = null;
    for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
      last = TestHttp.postJson(url, batch, "Authorization", "Bearer " + PUBLISH_TOKEN);
      accepted += last.status() == 202 ? 1 : 0;
    }
    assertTrue(accepted >= 1, "the first batch fits the limit");
    assertError(429, "at most 3 events per second", last);
    assertEquals("1", last.raw().headers().firstValue("Retry-After").orElse(null),
        "a rate limit lifts within a second, so the publisher is told when to retry");
  }
}
