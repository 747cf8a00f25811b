package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch POSTed to a frontend's {@code /internal/deliver} whose envelope holds a raw CR or LF
 * (or another control character) would, if written verbatim, end the SSE {@code data:} line and
 * inject {@code retry:}, {@code event:} or forged {@code data:} fields into the stream of every
 * subscriber of the topic. Such a batch is rejected whole with a 400 JSON error, and the next
 * thing a subscriber gets is an ordinary event (a canary published after the attempts).
 */
class DeliverInjectionTest {

  private static final String TOPIC = "live:injection";

  private static RtdNode node;
  private static String deliver;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start();
    deliver = TestHttp.url(node.internalAddress(), "/internal/deliver");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  /** A line of the wire format: {@code <id> <topic> <envelope>}. */
  private static String line(String id, String envelope) {
    return id + " " + TOPIC + " " + envelope + "\n";
  }

  private static String envelope(String id, String data) {
    return "{\"id\":\"" + id + "\",\"topic\":\"" + TOPIC + "\",\"type\":\"like\",\"data\":" + data
        + ",\"publishedAt\":1}";
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1}\rretry: 1\r\revent: forged\rdata: {\"forged\":true}\r",
      "{\"a\":1}\r\ndata: {\"forged\":true}\r\n",
      "{\"a\":1}\nretry: 1\n\nevent: forged\ndata: {\"forged\":true}\n",
      "{\"a\":\"x\u0000y\"}",
      "{\"a\":\"tab\there\"}"})
  void aBatchWithARawControlCharacterIsRejectedAndReachesNoSubscriber(String data) throws Exception {
    try (SseTestClient client = DataCenterClusterTest.open(node.frontendAddress(), TOPIC)) {
      TestNodes.awaitRoutes(node.internalAddress(), TOPIC, 1);

      // A valid event first, so the whole batch has to be refused, not just the bad line.
      String body = line("ok-1", envelope("ok-1", "1")) + line("bad-1", envelope("bad-1", data));
      TestHttp.Response response = TestHttp.send("POST", deliver, EventBatch.MEDIA_TYPE, body);

      assertError(400, "malformed event batch, line ", response);
      assertCanaryIsTheNextFrame(client);
    }
  }

  @Test
  void aWellFormedBatchIsDelivered() throws Exception {
    try (SseTestClient client = DataCenterClusterTest.open(node.frontendAddress(), TOPIC)) {
      TestHttp.Response response = TestHttp.send("POST", deliver, EventBatch.MEDIA_TYPE,
          line("direct-1", envelope("direct-1", "{\"text\":\"fine\"}")));

      assertEquals(204, response.status(), response.body());
      SseTestClient.Frame frame = client.next(f -> !f.comment(), WAIT);
      assertEquals("direct-1", frame.id());
      assertEquals(envelope("direct-1", "{\"text\":\"fine\"}"), frame.data());
    }
  }

  @Test
  void theOldNewlineDelimitedJsonIsRefusedByItsContentType() throws Exception {
    assertError(415, "Content-Type must be " + EventBatch.MEDIA_TYPE,
        TestHttp.send("POST", deliver, "application/x-ndjson", envelope("old-1", "1") + "\n"));
  }

  /** Publishes a canary and asserts that it is the next frame: no forged field or event came first. */
  private static void assertCanaryIsTheNextFrame(SseTestClient client) throws Exception {
    TestHttp.Response published = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
        publishBody(TOPIC, "canary", "{\"canary\":true}"));
    assertEquals(202, published.status(), published.body());
    String canary = published.json().get("id").asText();

    SseTestClient.Frame next = client.next(f -> !f.comment(), WAIT);
    assertEquals(canary, next.id(), "the canary must be the first frame after the injection attempt: " + next);
    assertNull(next.event(), "no event name: " + next);
    assertNull(next.retry(), "no retry field: " + next);
    assertEquals(true, next.data().startsWith("{\"id\":\"" + canary + "\""), next.data());
  }
}
