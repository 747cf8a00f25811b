package io.rtdispatch.common.event;

import akka.util.ByteString;
import akka.util.ByteStringBuilder;
import io.rtdispatch.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One published event as it travels between nodes: its id and topic (for routing) and its
 * envelope, the exact single-line JSON a client receives as the SSE {@code data:} line.
 *
 * <p>The envelope is encoded once, by the dispatcher that accepted the publish, and passed on as
 * bytes: frontends and peer data centers never parse or re-serialize it, so the published
 * {@code data} reaches clients verbatim. Id and topic travel beside it (see {@link EventBatch}).
 */
public record Event(String id, String topic, ByteString envelope) {

  /** Longest event id, in characters (ids are printable ASCII). */
  public static final int MAX_ID_LENGTH = 100;

  /** Largest envelope, in bytes, that nodes pass to each other (see {@link EventBatch#decode}). */
  public static final int MAX_ENVELOPE_BYTES = 1 << 20;

  /**
   * Most bytes an envelope adds around its {@code data}: the field names, an id and topic of the
   * longest allowed length, the longest type and a 19-digit {@code publishedAt}.
   */
  public static final int MAX_ENVELOPE_OVERHEAD_BYTES = 64 + MAX_ID_LENGTH + Validation.MAX_TOPIC_LENGTH
      + Validation.MAX_TYPE_LENGTH + 20;

  private static final byte[] ID = ascii("{\"id\":\"");
  private static final byte[] TOPIC = ascii("\",\"topic\":\"");
  private static final byte[] TYPE = ascii("\",\"type\":\"");
  private static final byte[] DATA = ascii("\",\"data\":");
  private static final byte[] PUBLISHED_AT = ascii(",\"publishedAt\":");

  /**
   * Builds the envelope {@code {"id","topic","type","data","publishedAt"}}. The id, topic and
   * type must already be valid (their alphabets need no JSON escaping) and {@code data} must be
   * one JSON value on a single line with no control characters (the publish parser turns JSON
   * whitespace into spaces).
   */
  public static Event create(String id, String topic, String type, byte[] data, long publishedAt) {
    ByteStringBuilder b = new ByteStringBuilder();
    b.putBytes(ID).putBytes(ascii(id))
        .putBytes(TOPIC).putBytes(ascii(topic))
        .putBytes(TYPE).putBytes(ascii(type))
        .putBytes(DATA).putBytes(data)
        .putBytes(PUBLISHED_AT).putBytes(ascii(Long.toString(publishedAt)))
        .putByte((byte) '}');
    return new Event(id, topic, b.result());
  }

  /**
   * Checks an event id: 1-{@value #MAX_ID_LENGTH} printable ASCII characters other than space,
   * {@code "} and {@code \} (so it needs no escaping in JSON and ends at a space on the wire).
   *
   * @return nothing if valid, otherwise an {@link Problem.Kind#INVALID} problem saying the rule
   */
  public static Optional<Problem> idProblem(String id) {
    boolean valid = id != null && !id.isEmpty() && id.length() <= MAX_ID_LENGTH;
    for (int i = 0; valid && i < id.length(); i++) {
      valid = isIdChar(id.charAt(i));
    }
    return valid ? Optional.empty()
        : Optional.of(Problem.invalid("an event id must be 1-" + MAX_ID_LENGTH + " printable ASCII characters"));
  }

  static boolean isIdChar(int c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\\';
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Bytes this event takes on the wire between nodes, one line {@code <id> <topic> <envelope>\n}
   * ({@link EventBatch}); also what limits on queued and pending events count, as the heap it holds
   * is about that (ASCII id and topic, the envelope's bytes) plus a fixed overhead.
   */
  public long wireBytes() {
    return (long) id.length() + topic.length() + envelope.length() + 3;
  }

  /**
   * The envelope's {@code publishedAt} (epoch milliseconds, the accepting dispatcher's clock), read
   * from the envelope's tail where {@link #create} puts it; -1 if the envelope does not end that way.
   */
  public long publishedAt() {
    long value = 0;
    long scale = 1;
    int i = envelope.length() - 2;
    for (; i >= 0 && i > envelope.length() - 22; i--) {
      byte b = envelope.apply(i);
      if (b < '0' || b > '9') {
        break;
      }
      value += (b - '0') * scale;
      scale *= 10;
    }
    boolean ends = envelope.length() >= 2 && envelope.apply(envelope.length() - 1) == '}';
    return ends && scale > 1 && i >= 0 && envelope.apply(i) == ':' ? value : -1;
  }

  /** {@link #wireBytes} summed over {@code events}. */
  public static long wireBytes(List<Event> events) {
    long sum = 0;
    for (Event event : events) {
      sum += event.wireBytes();
    }
    return sum;
  }
}
