package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.HttpHead;
import io.rtdispatch.common.testing.SseTestClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An answer that closes the connection (RFC 9112 section 9.6), found by {@link FuzzTest}: the
 * client gets it even while it is still sending (no TCP reset destroys it), and nothing pipelined
 * after it is carried out.
 */
class ClosingAnswersTest {

  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  /** A client that writes its whole body before reading, as simple HTTP clients do. */
  @Test
  void aBodyOverTheLimitWrittenWholeBeforeReadingGetsIts413() throws Exception {
    byte[] body = new byte[2 << 20];
    Arrays.fill(body, (byte) ' ');
    for (InetSocketAddress port : new InetSocketAddress[] {node.frontendAddress(), node.dispatcherAddress()}) {
      String path = port.equals(node.frontendAddress()) ? "/subscriptions" : "/publish";
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(ISO_8859_1));
      request.writeBytes(body);
      try (Socket socket = new Socket()) {
        socket.connect(port, 5000);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(request.toByteArray());
        InputStream in = socket.getInputStream();
        HttpHead head = HttpHead.read(in);
        assertEquals(413, head.status(), path);
        assertEquals("close", head.header("connection"));
        String error = new String(in.readNBytes(Integer.parseInt(head.header("content-length"))), UTF_8);
        assertTrue(error.contains("\"error\":\"request body is larger than the limit"), error);
        assertEquals(-1, in.read(), "then the node closes");
      }
    }
  }

  @Test
  void aPublishPipelinedAfterARejectedRequestIsNotCarriedOut() throws Exception {
    String topic = "live:pipelined-after-close";
    try (SseTestClient subscriber = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
      subscriber.next(WAIT);
      TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
      for (String rejected : new String[] {"BREW / HTTP/1.1\r\nHost: h\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: h\r\n\r\n",
          "GET /nothing HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"}) {
        String publish = TestNodes.publishBody(topic, "like", "1");
        byte[] pipelined = (rejected + "POST /publish HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + publish.length() + "\r\n\r\n" + publish).getBytes(ISO_8859_1);
        try (Socket socket = new Socket()) {
          socket.connect(node.dispatcherAddress(), 5000);
          socket.setSoTimeout(30_000);
          socket.getOutputStream().write(pipelined);
          InputStream in = socket.getInputStream();
          HttpHead head = HttpHead.read(in);
          assertTrue(head.status() >= 400 && head.status() < 500, rejected + " -> " + head);
          assertEquals("close", head.header("connection"), rejected);
          in.readNBytes(Integer.parseInt(head.header("content-length")));
          assertEquals(-1, in.read(), "no answer to the publish after " + rejected);
        }
      }
      TestNodes.assertNothingMore(subscriber, topic, "no pipelined publish was carried out", node.dispatcherAddress());
    }
  }
}
