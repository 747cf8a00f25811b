package io.rtdispatch.loadtest.pub;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The load test's own event payload: {@code {"lt":[seq,sendMicros],"p":"xxxx"}}.
 *
 * <p>{@code seq} numbers events per topic from 0 (so a receiver can spot duplicates with a small bit set), or is -1
 * for a routability probe. {@code sendMicros} is wall-clock time ({@link Instant#now()}, microseconds since the
 * epoch) because sender and receiver may be different processes; on one machine they share the clock. Both targets
 * deliver the payload verbatim inside their data line (ours wraps it in an envelope), so the receiver only searches
 * for the {@code "lt":[} marker instead of parsing JSON, which keeps the receive path cheap.
 */
public final class EventCodec {
  public static final long PROBE_SEQ = -1;
  private static final byte[] MARKER = "\"lt\":[".getBytes(StandardCharsets.US_ASCII);

  private EventCodec() {
  }

  /** The payload for one event, padded with {@code paddingBytes} filler characters. */
  public static String payload(long seq, long sendMicros, int paddingBytes) {
    StringBuilder sb = new StringBuilder(40 + paddingBytes);
    sb.append("{\"lt\":[").append(seq).append(',').append(sendMicros).append(']');
    if (paddingBytes > 0) {
      char[] pad = new char[paddingBytes];
      Arrays.fill(pad, 'x');
      sb.append(",\"p\":\"").append(pad).append('"');
    }
    return sb.append('}').toString();
  }

  /** Current wall-clock time in microseconds since the epoch. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /**
   * Finds the marker in an SSE data field and decodes it.
   *
   * @param out receives {seq, sendMicros}
   * @return false when the data carries no load-test marker (e.g. a "connected" frame)
   */
  public static boolean decode(byte[] data, int offset, int length, long[] out) {
    int at = indexOf(data, offset, offset + length, MARKER);
    if (at < 0) {
      return false;
    }
    int end = offset + length;
    int i = at + MARKER.length;
    boolean negative = i < end && data[i] == '-';
    if (negative) {
      i++;
    }
    long seq = 0;
    int start = i;
    while (i < end && data[i] >= '0' && data[i] <= '9') {
      seq = seq * 10 + (data[i++] - '0');
    }
    if (i == start || i >= end || data[i] != ',') {
      return false;
    }
    i++;
    long micros = 0;
    start = i;
    while (i < end && data[i] >= '0' && data[i] <= '9') {
      micros = micros * 10 + (data[i++] - '0');
    }
    if (i == start) {
      return false;
    }
    out[0] = negative ? -seq : seq;
    out[1] = micros;
    return true;
  }

  private static int indexOf(byte[] data, int from, int end, byte[] marker) {
    outer:
    for (int i = from; i <= end - marker.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (data[i + j] != marker[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
