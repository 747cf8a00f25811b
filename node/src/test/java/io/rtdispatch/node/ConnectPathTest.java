package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /connect} on the Netty transport: headers, refusals as JSON, heartbeats, long and broken requests. */
class ConnectPathTest {

  private static final String PAGE = "https://app.example";
  private static final int MAX_CONNECTIONS = 5;

  private static RtdNode node;
  private static InetSocketAddress frontend;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start("rtd.frontend.cors-allowed-origins", PAGE, "rtd.frontend.heartbeat-interval", "200ms",
        "rtd.frontend.max-connections", MAX_CONNECTIONS);
    frontend = node.frontendAddress();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void aStreamOpenedFromAnAllowedOriginCarriesItsCorsHeaderAndOtherOriginsGetNone() throws Exception {
    try (SseTestClient allowed = SseTestClient.open(frontend, "/connect?topic=live:cors", "Origin", PAGE);
        SseTestClient other = SseTestClient.open(frontend, "/connect?topic=live:cors", "Origin", "https://elsewhere.example")) {
      assertEquals(200, allowed.status());
      assertEquals(PAGE, allowed.header("Access-Control-Allow-Origin"));
      assertEquals("Origin", allowed.header("Vary"));
      assertEquals("connected", allowed.next(WAIT).event());
      assertEquals(200, other.status());
      assertNull(other.header("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void anInvalidTopicGetsAJson400ThatTheAllowedPageCanRead() throws Exception {
    TestHttp.Response refused = TestHttp.get(TestHttp.url(frontend, "/connect?topic=ok&topic=not%20ok"), "Origin", PAGE);
    TestNodes.assertError(400, "invalid topic parameter", refused);
    assertEquals(PAGE, refused.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    TestNodes.assertError(400, "invalid topic parameter",
        TestHttp.get(TestHttp.url(frontend, "/connect?topic=" + "a".repeat(201))));
  }

  @Test
  void streamsBeyondTheConnectionLimitGetAJson429() throws Exception {
    eventually(WAIT, () -> assertEquals(0.0, metric(frontend, "rtd_frontend_connections")));
    List<SseTestClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) {
        open.add(SseTestClient.open(frontend, "/connect"));
        assertEquals(200, open.get(i).status());
      }
      TestNodes.assertError(429, "the limit is " + MAX_CONNECTIONS, TestHttp.get(TestHttp.url(frontend, "/connect")));
    } finally {
      for (SseTestClient client : open) {
        client.close();
      }
    }
  }

  @Test
  void anIdleStreamGetsCommentHeartbeatsAndNoEmptyMessages() throws Exception {
    try (SseTestClient client = SseTestClient.open(frontend, "/connect?topic=live:idle")) {
      assertEquals("connected", client.next(WAIT).event());
      for (int i = 0; i < 2; i++) {
        Frame heartbeat = client.next(WAIT);
        assertTrue(heartbeat.comment(), "expected a comment line, got " + heartbeat);
        assertNull(heartbeat.data());
      }
    }
  }

  @Test
  void aRequestLineWithAHundredTopicsOf200CharactersIsAccepted() throws Exception {
    StringBuilder target = new StringBuilder("/connect?");
    for (int i = 0; i < 100; i++) {
      String topic = String.format("t%03d:", i) + "x".repeat(195);
      target.append(i == 0 ? "" : "&").append("topic=").append(topic);
    }
    assertTrue(target.length() > 20_000, "a request line of " + target.length() + " characters");
    double subscriptions = metric(frontend, "rtd_frontend_subscriptions");
    try (SseTestClient client = SseTestClient.open(frontend, target.toString())) {
      assertEquals(200, client.status());
      assertEquals("connected", client.next(WAIT).event());
      eventually(WAIT, () -> assertEquals(subscriptions + 100, metric(frontend, "rtd_frontend_subscriptions")));
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyWereSent() throws Exception {
    List<String> paths = List.of("/", "/health", "/metrics", "/demo/config", "/nothing-here", "/ready");
    StringBuilder requests = new StringBuilder();
    paths.forEach(path -> requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n\r\n"));

    List<RawHttp.Answer> answers = RawHttp.exchange(frontend,
        requests.toString().getBytes(StandardCharsets.US_ASCII), paths.size());

    assertTrue(answers.get(0).body().contains("/demo.js"), "/ first: the demo page");
    assertEquals("up", answers.get(1).json().get("status").asText(), "/health second: " + answers.get(1));
    assertTrue(answers.get(2).body().contains("rtd_frontend_connections"), "/metrics third");
    assertEquals("live:demo", answers.get(3).json().get("topic").asText(), "/demo/config fourth");
    assertEquals(404, answers.get(4).status());
    assertEquals("ready", answers.get(5).json().get("status").asText());
  }

  @Test
  void aStreamRequestedAfterAPipelinedRequestStartsAfterItsAnswer() throws Exception {
    byte[] requests = ("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "GET /connect?topic=live:pipelined HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      String received = pipelineUntilConnected(socket, requests);
      int health = received.indexOf("{\"status\":\"up\"}");
      assertTrue(health > 0 && health < received.indexOf("text/event-stream"),
          "the /health answer comes first, then the stream's head: " + received);
    }
  }

  @Test
  void requestsPipelinedAfterAStreamAreIgnoredEvenUndecodableOnes() throws Exception {
    // FuzzTest seed 327629922 case 418: a bad request queued behind /connect was answered into the
    // stream with a closing 400, which ended the stream before its first frame.
    byte[] requests = ("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "GET /connect?topic=live:pipelined-after HTTP/1.1\r\nHost: localhost\r\n\r\n"
        + "POST /publish HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n\0\0\0{"
        + "BAD REQUEST LINE\r\n\r\nGET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Socket socket = new Socket()) {
      String received = pipelineUntilConnected(socket, requests);
      assertEquals(2, received.split("HTTP/1.1 ").length - 1, "/health's answer, then the stream's: " + received);
      TestHttp.Response published = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
          TestNodes.publishBody("live:pipelined-after", "like", "1"));
      assertEquals(202, published.status(), published.body());
      String event = readUntil(socket, "\"type\":\"like\"");
      assertFalse(event.contains("HTTP/1.1"), "nothing but frames on the stream: " + event);
    }
  }

  @Test
  void anHttp10ClientGetsAStreamThatTheConnectionsEndDelimitsNotChunks() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(frontend, 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /connect?topic=live:old HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String received = readUntil(socket, "event: connected");
      String head = received.substring(0, received.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
      assertTrue(head.contains("content-type: text/event-stream"), head);
      assertFalse(head.contains("transfer-encoding"), "HTTP/1.0 has no chunked encoding: " + head);
      assertTrue(received.substring(head.length() + 4).startsWith("retry: "), "the body is the event stream itself: "
          + received);
    }
  }

  @Test
  void aStreamRequestedInAbsoluteFormAsProxiesSendItIsAStream() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(frontend, 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET http://localhost:" + frontend.getPort() + "/connect?topic=live:proxied HTTP/1.1"
          + "\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String received = readUntil(socket, "event: connected");
      assertTrue(received.startsWith("HTTP/1.1 200 OK") && received.contains("text/event-stream"), received);
    }
  }

  /** What arrives on {@code socket} until {@code marker} has arrived. */
  /** Writes {@code requests} at once and reads until the stream's connected frame; the first answer is a 200. */
  private static String pipelineUntilConnected(Socket socket, byte[] requests) throws Exception {
    socket.connect(frontend, 5000);
    socket.setSoTimeout(10_000);
    socket.getOutputStream().write(requests);
    String received = readUntil(socket, "event: connected");
    assertTrue(received.startsWith("HTTP/1.1 200 OK"), received);
    return received;
  }

  private static String readUntil(Socket socket, String marker) throws Exception {
    StringBuilder received = new StringBuilder();
    byte[] buffer = new byte[8192];
    while (received.indexOf(marker) < 0) {
      int n = socket.getInputStream().read(buffer);
      if (n < 0) {
        throw new AssertionError("the connection ended before '" + marker + "': " + received);
      }
      received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
    }
    return received.toString();
  }

  @Test
  void anUndecodableRequestGetsAJson400() throws Exception {
    for (String requestLine : List.of("GET /connect?topic=a HTTP/1.1 and more", "GET /connect?topic=a HTTX/one",
        "GET /connect?topic=%E0%A4%A HTTP/1.1", "GET /connect?topic=%zz HTTP/1.1")) {
      RawHttp.Answer answer = RawHttp.exchange(frontend,
          (requestLine + "\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      assertEquals(400, answer.status(), requestLine + " -> " + answer);
      assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), answer.toString());
      assertTrue(answer.json().get("error").asText().length() > 0, answer.body());
    }
  }
}
