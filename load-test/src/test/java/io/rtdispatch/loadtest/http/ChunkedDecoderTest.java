package io.rtdispatch.loadtest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {
  private static final String BODY = "5\r\nhello\r\n1B;ext=1\r\n, world of chunked bodies!\n\r\n0\r\nX-Trailer: 1\r\n\r\n";

  private static String decodeInPieces(String raw, int piece, ChunkedDecoder decoder) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length; i += piece) {
      int n = Math.min(piece, bytes.length - i);
      int consumed = decoder.decode(bytes, i, n, out::write);
      if (consumed < n) {
        break;
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesWithExtensionsAndTrailersAtEverySplit() {
    for (int piece = 1; piece <= BODY.length(); piece++) {
      ChunkedDecoder decoder = new ChunkedDecoder();
      assertEquals("hello, world of chunked bodies!\n", decodeInPieces(BODY, piece, decoder), "piece " + piece);
      assertTrue(decoder.isDone());
    }
  }

  @Test
  void acceptsBareLfAndUppercaseHex() {
    ChunkedDecoder decoder = new ChunkedDecoder();
    assertEquals("0123456789ab", decodeInPieces("C\n0123456789ab\n0\n\n", 2, decoder));
    assertTrue(decoder.isDone());
  }

  @Test
  void stopsAtEndOfBodyAndLeavesTheRest() {
    ChunkedDecoder decoder = new ChunkedDecoder();
    byte[] raw = "2\r\nok\r\n0\r\n\r\nHTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);
    int consumed = decoder.decode(raw, 0, raw.length, (b, o, l) -> { });
    assertEquals(raw.length - "HTTP/1.1 200".length(), consumed);
  }

  @Test
  void streamingBodyIsNeverDone() {
    ChunkedDecoder decoder = new ChunkedDecoder();
    assertEquals("data: 1\n\n", decodeInPieces("9\r\ndata: 1\n\n\r\n", 4, decoder));
    assertFalse(decoder.isDone());
  }

  @Test
  void rejectsGarbage() {
    ChunkedDecoder decoder = new ChunkedDecoder();
    byte[] raw = "zz\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThrows(HttpProtocolException.class, () -> decoder.decode(raw, 0, raw.length, (b, o, l) -> { }));
    ChunkedDecoder missingCrlf = new ChunkedDecoder();
    byte[] bad = "2\r\nokX".getBytes(StandardCharsets.US_ASCII);
    assertThrows(HttpProtocolException.class, () -> missingCrlf.decode(bad, 0, bad.length, (b, o, l) -> { }));
  }
}
