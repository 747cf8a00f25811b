package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every rejected request gets the contract's status and a JSON {@code {"error": "..."}} that says
 * what is wrong, and bad input never hurts other clients.
 */
class RequestValidationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RtdNode node;
  private static String publish;
  private static String subscriptions;
  private static InetSocketAddress frontend;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start("rtd.dispatcher.publish.max-data-bytes", "1KiB", "rtd.dispatcher.publish.max-batch-events", 3,
        "rtd.dispatcher.publish.max-body-bytes", "8KiB");
    frontend = node.frontendAddress();
    publish = TestHttp.url(node.dispatcherAddress(), "/publish");
    subscriptions = TestHttp.url(frontend, "/subscriptions");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void publishRejectsAWrongContentTypeWith415() throws Exception {
    assertError(415, "Content-Type must be application/json",
        TestHttp.send("POST", publish, "application/x-www-form-urlencoded", publishBody("t", "like", "1")));
  }

  @Test
  void publishRejectsMalformedJsonWith400AndSaysWhere() throws Exception {
    assertError(400, "not valid JSON", TestHttp.postJson(publish, "{\"topic\":\"t\", data: 1}"));
    assertError(400, "line 1", TestHttp.postJson(publish, "{\"topic\":\"t\", data: 1}"));
  }

  @Test
  void publishRejectsInvalidFieldsWith400() throws Exception {
    assertError(400, "topic is required", TestHttp.postJson(publish, "{\"type\":\"like\",\"data\":1}"));
    assertError(400, "topic may contain only", TestHttp.postJson(publish, publishBody("live/42", "like", "1")));
    assertError(400, "type must start with a lowercase letter", TestHttp.postJson(publish, publishBody("t", "Like", "1")));
    assertError(400, "unknown field 'topics'", TestHttp.postJson(publish, "{\"topics\":\"t\",\"data\":1}"));
    assertError(400, "event 1: topic is required", TestHttp.postJson(publish, "[{\"topic\":\"t\"},{\"data\":1}]"));
    assertError(400, "the batch is empty", TestHttp.postJson(publish, "[]"));
    assertError(400, "request body is empty", TestHttp.postJson(publish, ""));
  }

  @Test
  void publishRejectsWhatIsTooLargeWith413() throws Exception {
    assertError(413, "data is", TestHttp.postJson(publish, publishBody("t", "like", "\"" + "x".repeat(1100) + "\"")));
    assertError(413, "at most 3 events", TestHttp.postJson(publish,
        "[" + String.join(",", java.util.Collections.nCopies(4, publishBody("t", "like", "1"))) + "]"));
    assertError(413, "limit", TestHttp.postJson(publish, "[" + "1,".repeat(5000) + "1]"));
  }

  @Test
  void subscriptionChangesRejectBadInput() throws Exception {
    assertError(404, "no open connection with id 'nope'",
        TestHttp.postJson(subscriptions, "{\"connectionId\":\"nope\",\"topic\":\"t\"}"));
    assertError(400, "topic may contain only",
        TestHttp.postJson(subscriptions, "{\"connectionId\":\"abc\",\"topic\":\"a b\"}"));
    assertError(400, "connectionId is required", TestHttp.postJson(subscriptions, "{\"topic\":\"t\"}"));
    assertError(400, "not valid JSON", TestHttp.postJson(subscriptions, "{"));
    assertError(400, "must be a JSON object", TestHttp.postJson(subscriptions, "[]"));
    assertError(415, "Content-Type must be application/json",
        TestHttp.send("DELETE", subscriptions, "text/plain", "{\"connectionId\":\"abc\",\"topic\":\"t\"}"));
  }

  @Test
  void connectRejectsInvalidTopicsWith400() throws Exception {
    assertError(400, "invalid topic parameter", TestHttp.get(TestHttp.url(frontend, "/connect?topic=bad%20topic")));
    assertError(400, "invalid topic parameter", TestHttp.get(TestHttp.url(frontend, "/connect?topic=")));
  }

  @Test
  void internalDeliveryRejectsMalformedBatches() throws Exception {
    assertError(400, "malformed event batch", TestHttp.send("POST", TestHttp.url(node.internalAddress(), "/internal/deliver"),
        "application/x-rtd-events", "{\"id\":\"x\"}\n"));
    assertError(415, "Content-Type must be application/x-rtd-events",
        TestHttp.postJson(TestHttp.url(node.internalAddress(), "/internal/deliver"), "{}"));
  }

  @Test
  void unknownPathsAndMethodsGetJsonErrors() throws Exception {
    assertError(404, "", TestHttp.get(TestHttp.url(frontend, "/nothing-here")));
    assertError(405, "", TestHttp.get(publish));
  }

  @Test
  void badInputDoesNotDisturbOtherClients() throws Exception {
    String topic = "live:validation";
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=" + topic)) {
      client.next(WAIT);
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
      TestHttp.postJson(publish, "{\"topic\":");
      TestHttp.send("POST", TestHttp.url(node.internalAddress(), "/internal/deliver"), "application/x-rtd-events", "garbage\n");
      TestHttp.postJson(subscriptions, "{\"connectionId\":\"" + "x".repeat(100) + "\",\"topic\":\"" + topic + "\"}");
      String id = TestHttp.postJson(publish, publishBody(topic, "like", "1")).json().get("id").asText();
      assertEquals(id, client.messages(1, WAIT).get(0).id());
    }
  }

  @Test
  void statusEndpointsAnswerAnotherMethodWith405AndAllowGetOnBothPorts() throws Exception {
    for (InetSocketAddress port : List.of(node.frontendAddress(), node.dispatcherAddress())) {
      for (String path : List.of("/health", "/ready", "/metrics")) {
        for (String method : List.of("POST", "DELETE", "PUT")) {
          TestHttp.Response response = TestHttp.send(method, TestHttp.url(port, path), "application/json", "{}");
          assertError(405, "use GET", response);
          assertEquals("GET", response.raw().headers().firstValue("Allow").orElse(""), method + " " + path);
        }
        assertEquals(200, TestHttp.get(TestHttp.url(port, path)).status(), "GET " + path);
      }
    }
  }
}
