package io.rtdispatch.loadtest.pub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private static boolean decode(String data, long[] out) {
    byte[] b = ("junk" + data).getBytes(StandardCharsets.UTF_8);
    return EventCodec.decode(b, 4, b.length - 4, out);
  }

  @Test
  void payloadIsValidJsonOfRequestedSizeAndDecodesInsideOurEnvelope() throws Exception {
    String payload = EventCodec.payload(42, 1_700_000_000_123_456L, 20);
    new ObjectMapper().readTree(payload);
    assertTrue(payload.contains("\"p\":\"" + "x".repeat(20) + "\""));
    long[] out = new long[2];
    String envelope = "{\"id\":\"e\",\"topic\":\"t\",\"type\":\"like\",\"data\":" + payload + ",\"publishedAt\":1}";
    assertTrue(decode(envelope, out));
    assertArrayEquals(new long[] {42, 1_700_000_000_123_456L}, out);
  }

  @Test
  void probesHaveNegativeSequence() {
    long[] out = new long[2];
    assertTrue(decode(EventCodec.payload(EventCodec.PROBE_SEQ, 9, 0), out));
    assertEquals(-1, out[0]);
    assertEquals(9, out[1]);
  }

  @Test
  void framesWithoutMarkerOrTruncatedAreRejected() {
    long[] out = new long[2];
    assertFalse(decode("{\"connectionId\":\"c\"}", out));
    assertFalse(decode("{\"lt\":[5", out));
    assertFalse(decode("{\"lt\":[5,", out));
  }
}
