package io.rtdispatch.loadtest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {

  private static String feedInPieces(ResponseDecoder decoder, String raw, int piece) {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i += piece) {
      decoder.feed(bytes, i, Math.min(piece, bytes.length - i));
    }
    return raw;
  }

  @Test
  void chunkedEventStream() {
    for (int piece = 1; piece < 40; piece++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      ResponseDecoder d = new ResponseDecoder(body::write);
      feedInPieces(d, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "6\r\ndata: \r\n3\r\nx\n\n\r\n", piece);
      assertEquals(200, d.head().status());
      assertTrue(d.head().isEventStream());
      assertTrue(d.head().chunked());
      assertEquals("data: x\n\n", body.toString(StandardCharsets.ISO_8859_1));
      assertFalse(d.isComplete());
    }
  }

  @Test
  void plainStreamingBodyWithoutLengthOrChunking() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ResponseDecoder d = new ResponseDecoder(body::write);
    feedInPieces(d, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nConnection: keep-alive"
        + "\r\n\r\n: hi\n\ndata: 1\n\n", 3);
    assertEquals(-1, d.head().contentLength());
    assertFalse(d.head().chunked());
    assertEquals(": hi\n\ndata: 1\n\n", body.toString(StandardCharsets.ISO_8859_1));
  }

  @Test
  void contentLengthBodyCompletesAndResetAllowsNextResponse() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ResponseDecoder d = new ResponseDecoder(body::write);
    feedInPieces(d, "HTTP/1.1 202 Accepted\r\nContent-Length: 4\r\n\r\nabcd", 5);
    assertEquals(202, d.head().status());
    assertTrue(d.isComplete());
    d.reset();
    assertNull(d.head());
    feedInPieces(d, "HTTP/1.1 204 No Content\n\n", 1);
    assertEquals(204, d.head().status());
    assertTrue(d.isComplete());
    assertEquals("abcd", body.toString(StandardCharsets.ISO_8859_1));
  }

  @Test
  void errorStatusAndConnectionClose() {
    ResponseDecoder d = new ResponseDecoder((b, o, l) -> { });
    feedInPieces(d, "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\n"
        + "Content-Length: 2\r\n\r\n{}", 100);
    assertEquals(404, d.head().status());
    assertTrue(d.head().close());
    assertFalse(d.head().isEventStream());
  }

  @Test
  void rejectsNonHttp() {
    ResponseDecoder d = new ResponseDecoder((b, o, l) -> { });
    byte[] raw = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThrows(HttpProtocolException.class, () -> d.feed(raw, 0, raw.length));
  }

  @Test
  void feedHeadStopsAtTheEndOfTheHead() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ResponseDecoder d = new ResponseDecoder(body::write);
    byte[] raw = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: hi\n\n".getBytes(StandardCharsets.US_ASCII);
    int used = d.feedHead(raw, 0, raw.length);
    assertEquals(raw.length - ": hi\n\n".length(), used);
    assertEquals(0, body.size(), "no body byte processed yet");
    assertEquals(0, d.feedHead(raw, used, raw.length - used), "head already complete");
    d.feed(raw, used, raw.length - used);
    assertEquals(": hi\n\n", body.toString(StandardCharsets.US_ASCII));
  }
}
