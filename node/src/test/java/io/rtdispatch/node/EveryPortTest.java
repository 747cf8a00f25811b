package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers the routes never see are the contract's JSON on every port (frontend, dispatcher,
 * internal): a malformed request line, 414, 431, 413, 501, 505, HTTP/1.0 without Host, a broken
 * percent-encoding; public ports add CORS to them for allowed origins, so a page can read them;
 * and a client that sends its request a byte at a time (slowloris) loses its connection after
 * {@code rtd.http.request-timeout}.
 */
class EveryPortTest {

  private static final String ORIGIN = "https://page.example";
  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start("rtd.http.request-timeout", "1s", "rtd.http.max-request-line", "4KiB",
        "rtd.http.max-header-size", "4KiB");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  private static Map<String, InetSocketAddress> ports() {
    return Map.of("frontend", node.frontendAddress(), "dispatcher", node.dispatcherAddress(),
        "internal", node.internalAddress());
  }

  @Test
  void answersBelowTheRoutesAreJsonOnEveryPort() throws Exception {
    String longTarget = "/x?" + "a".repeat(5000);
    Map<String, Integer> requests = Map.of(
        "GET / HTTP/1.1 and more\r\nHost: h\r\n\r\n", 400,
        "GET " + longTarget + " HTTP/1.1\r\nHost: h\r\n\r\n", 414,
        "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(5000) + "\r\n\r\n", 431,
        "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 400,
        "BREW / HTTP/1.1\r\nHost: h\r\n\r\n", 405,
        "POST /publish HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 99999999\r\n\r\n", 413);
    for (Map.Entry<String, InetSocketAddress> port : ports().entrySet()) {
      for (Map.Entry<String, Integer> request : requests.entrySet()) {
        RawHttp.Answer answer = exchange(port.getValue(), request.getKey().replace("\r\n\r\n", origin()));
        String what = port.getKey() + " " + request.getKey().lines().findFirst().orElse("") + " -> " + answer;
        assertEquals((int) request.getValue(), answer.status(), what);
        assertJson(answer, what);
        String allowed = answer.headers().get("access-control-allow-origin");
        if (port.getKey().equals("internal")) {
          assertNull(allowed, "no CORS on the internal port: " + what);
        } else {
          assertTrue(ORIGIN.equals(allowed) || "*".equals(allowed), "a page can read it: " + what);
        }
      }
    }
  }

  @Test
  void http10WithoutHostAndBrokenPercentEncodingGetJsonAnswers() throws Exception {
    for (Map.Entry<String, InetSocketAddress> port : ports().entrySet()) {
      for (String request : List.of("GET /nothing-here HTTP/1.0\r\n\r\n", "GET /nothing?x=% HTTP/1.1\r\nHost: h\r\n\r\n",
          "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n")) {
        RawHttp.Answer answer = exchange(port.getValue(), request);
        String what = port.getKey() + " " + request.lines().findFirst().orElse("") + " -> " + answer;
        assertTrue(answer.status() == 400 || answer.status() == 404, what);
        assertJson(answer, what);
      }
    }
  }

  @Test
  void aClientSendingItsRequestByteByByteLosesTheConnection() throws Exception {
    for (Map.Entry<String, InetSocketAddress> port : ports().entrySet()) {
      try (Socket socket = new Socket()) {
        socket.connect(port.getValue(), 5000);
        socket.setSoTimeout(200);
        byte[] request = "GET /health HTTP/1.1\r\nHost: h\r\nX-Slow: 1234567890123456789012345678901234567890\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
        long started = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < request.length && !closed; i++) {
          try {
            socket.getOutputStream().write(request[i]);
            closed = readsEndOfStream(socket.getInputStream());
          } catch (IOException e) {
            closed = true;
          }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(closed, port.getKey() + ": still open after " + seconds + " s of a slow request");
      }
    }
  }

  /** Whether the peer closed within the socket's read timeout (a timeout means still open). */
  private static boolean readsEndOfStream(InputStream in) throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private static String origin() {
    return "\r\nOrigin: " + ORIGIN + "\r\n\r\n";
  }

  private static RawHttp.Answer exchange(InetSocketAddress server, String request) throws IOException {
    return RawHttp.exchange(server, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void assertJson(RawHttp.Answer answer, String what) throws IOException {
    assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), what);
    assertTrue(answer.json().get("error").asText().length() > 0, what);
  }
}
