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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A browser's EventSource gives up for good on any answer but a 200 event stream (HTML standard
 * 9.2.3), and reconnects after {@code retry:} when a 200 stream ends. So every transient refusal
 * of {@code GET /connect} (over the connection limit, draining) reaches an EventSource as a 200
 * stream with a retry time and a {@code refused} event, and other clients as 429/503 JSON with
 * Retry-After; a permanent problem (an invalid topic) stays a 4xx for everyone.
 */
class TransientRefusalTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long RETRY_HINT_MS = 1000;

  @Test
  void overTheConnectionLimitAnEventSourceIsToldToComeBack() throws Exception {
    try (RtdNode node = TestNodes.start("rtd.frontend.max-connections", 1, "rtd.frontend.retry-hint", RETRY_HINT_MS + "ms")) {
      InetSocketAddress frontend = node.frontendAddress();
      try (SseTestClient first = SseTestClient.open(frontend, "/connect?topic=live:full")) {
        assertEquals("connected", first.next(WAIT).event());
        assertRefusedForNow(RawHttp.exchange(frontend, eventSource(frontend, "/connect?topic=live:full")), 429);
        assertJsonRefusal(TestHttp.get(TestHttp.url(frontend, "/connect?topic=live:full")), 429, "the limit is 1");
        RawHttp.Answer invalid = RawHttp.exchange(frontend, eventSource(frontend, "/connect?topic=bad%20topic"));
        assertEquals(400, invalid.status(), "a permanent problem stays a 4xx, even for an EventSource");
        assertTrue(invalid.json().get("error").asText().contains("invalid topic parameter"), invalid.body());
      }
      // What the browser does after the retry time: this time there is room.
      eventually(WAIT, () -> {
        try (SseTestClient again = SseTestClient.open(frontend, "/connect?topic=live:full")) {
          assertEquals("connected", again.next(WAIT).event());
        }
      });
    }
  }

  @Test
  void whileTheNodeDrainsAnEventSourceIsToldToComeBack() throws Exception {
    RtdNode node = TestNodes.start("rtd.shutdown.drain-delay", "4s", "rtd.frontend.retry-hint", RETRY_HINT_MS + "ms");
    InetSocketAddress frontend = node.frontendAddress();
    CompletableFuture<Void> closing = TestNodes.closeInBackground(node);
    eventually(WAIT, () -> assertEquals(503, TestHttp.get(TestHttp.url(frontend, "/ready")).status()));
    assertRefusedForNow(RawHttp.exchange(frontend, eventSource(frontend, "/connect?topic=live:drain")), 503);
    assertJsonRefusal(TestHttp.get(TestHttp.url(frontend, "/connect?topic=live:drain")), 503, "shutting down");
    closing.get(60, TimeUnit.SECONDS);
  }

  /** What Chromium's EventSource sends: {@code Accept: text/event-stream}. */
  private static byte[] eventSource(InetSocketAddress server, String target) {
    return ("GET " + target + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A 200 event stream holding a retry time in [hint, 2 × hint) and one refused event, then the end. */
  private static void assertRefusedForNow(RawHttp.Answer answer, int status) throws Exception {
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.headers().get("content-type").startsWith("text/event-stream"), answer.headers().toString());
    assertEquals("close", answer.headers().get("connection"), "the stream ends, so the browser reconnects");
    long retry = -1;
    String event = null;
    JsonNode data = null;
    for (String line : answer.body().split("\n")) {
      if (line.startsWith("retry: ")) {
        retry = Long.parseLong(line.substring(7));
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = JSON.readTree(line.substring(6));
      }
    }
    assertTrue(retry >= RETRY_HINT_MS && retry < 2 * RETRY_HINT_MS, "retry spread over [hint, 2 hint): " + retry);
    assertEquals("refused", event, answer.body());
    assertEquals(status, data.get("status").asInt());
    assertEquals(retry, data.get("retryAfterMs").asLong());
    assertTrue(!data.get("error").asText().isBlank());
  }

  private static void assertJsonRefusal(TestHttp.Response response, int status, String reason) {
    assertError(status, reason, response);
    long retryAfter = Long.parseLong(response.raw().headers().firstValue("Retry-After").orElse("-1"));
    assertTrue(retryAfter >= 1 && retryAfter <= 2 * RETRY_HINT_MS / 1000, "Retry-After in seconds: " + retryAfter);
  }
}
