package io.rtdispatch.common.event;

import akka.util.ByteString;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node-to-node wire format for a batch of events ({@value #MEDIA_TYPE}): one line per event,
 *
 * <pre>{@code <id> SP <topic> SP <envelope> LF}</pre>
 *
 * so a receiver gets id and topic without parsing the envelope's JSON, and a batch is split and
 * joined by scanning and copying bytes. Id and topic cannot contain a space (their alphabets,
 * see {@link Event#idProblem} and {@link Validation#topicProblem}); the envelope is the rest of the
 * line. The last line's LF may be missing; an empty body is an empty batch.
 *
 * <p>{@link #decode} checks everything a receiver relies on, in one pass over the bytes: the id
 * and topic alphabets and lengths, and that the envelope is one line of at most
 * {@link Event#MAX_ENVELOPE_BYTES} bytes that looks like a JSON object ({@code {…}}) and holds no
 * C0 control character (0x00-0x1F). The last check is what keeps a batch from injecting SSE
 * fields: a raw CR or LF in an envelope would end the {@code data:} line a frontend writes and
 * start a {@code retry:}, {@code event:} or forged {@code data:} line in every subscriber's
 * stream. The envelope's JSON itself is not parsed: the dispatcher that created it did.
 */
public final class EventBatch {

  /** The media subtype of a batch, under {@code application/}. */
  public static final String MEDIA_SUBTYPE = "x-rtd-events";

  /** The media type of a batch: what a sender puts in Content-Type and a receiver insists on (or 415). */
  public static final String MEDIA_TYPE = "application/" + MEDIA_SUBTYPE;

  private static final byte SP = ' ';
  private static final byte LF = '\n';

  private EventBatch() {}

  /** The batch as one byte array of exactly its encoded length. */
  public static byte[] encodeToArray(List<Event> events) {
    int size = 0;
    for (Event e : events) {
      size += e.id().length() + e.topic().length() + e.envelope().length() + 3;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (Event e : events) {
      at = putAscii(out, at, e.id());
      out[at++] = SP;
      at = putAscii(out, at, e.topic());
      out[at++] = SP;
      e.envelope().copyToArray(out, at, e.envelope().length());
      at += e.envelope().length();
      out[at++] = LF;
    }
    return out;
  }

  public static ByteString encode(List<Event> events) {
    return ByteString.fromArrayUnsafe(encodeToArray(events));
  }

  /**
   * Splits and checks a batch received from another node. Envelopes are copied out of
   * {@code body}, so an event kept for long does not keep the whole request body alive.
   *
   * @throws ProblemException an {@link Problem.Kind#INVALID} problem naming the first bad line
   *     (1-based) and what is wrong
   */
  public static List<Event> decode(ByteString body) throws ProblemException {
    byte[] bytes = body.toArrayUnsafe();
    int length = body.length();
    List<Event> events = new ArrayList<>();
    int pos = 0;
    while (pos < length) {
      int line = events.size() + 1;
      int idEnd = token(bytes, pos, length, Event.MAX_ID_LENGTH, line, "id");
      String id = ascii(bytes, pos, idEnd);
      for (int i = pos; i < idEnd; i++) {
        if (!Event.isIdChar(bytes[i])) {
          throw malformed(line, Event.idProblem(id).orElseThrow());
        }
      }
      int topicStart = idEnd + 1;
      int topicEnd = token(bytes, topicStart, length, Validation.MAX_TOPIC_LENGTH, line, "topic");
      String topic = ascii(bytes, topicStart, topicEnd);
      Optional<Problem> topicProblem = Validation.topicProblem(topic);
      if (topicProblem.isPresent()) {
        throw malformed(line, topicProblem.get());
      }
      int start = topicEnd + 1;
      int end = envelopeEnd(bytes, start, length, line);
      events.add(new Event(id, topic, ByteString.fromArray(bytes, start, end - start)));
      pos = end + 1;
    }
    return events;
  }

  /** The index of the space ending the id or topic that starts at {@code from}. */
  private static int token(byte[] bytes, int from, int length, int max, int line, String what)
      throws ProblemException {
    int limit = Math.min(length, from + max + 1);
    int i = from;
    for (; i < limit && bytes[i] != LF; i++) {
      if (bytes[i] == SP) {
        if (i == from) {
          throw malformed(line, "the " + what + " is empty; a line is '<id> <topic> <envelope>'");
        }
        return i;
      }
    }
    if (i == from + max + 1) {
      throw malformed(line, "the " + what + " is longer than " + max + " characters");
    }
    throw malformed(line, "the line ends after the " + what + "; a line is '<id> <topic> <envelope>'");
  }

  /** The index of the LF (or the body's end) after a valid envelope starting at {@code start}. */
  private static int envelopeEnd(byte[] bytes, int start, int length, int line) throws ProblemException {
    int end = start;
    while (end < length && bytes[end] != LF) {
      byte b = bytes[end];
      if (b >= 0 && b < 0x20) {
        throw malformed(line, String.format("the envelope holds a raw control character 0x%02x at byte %d; an"
            + " envelope must be one line of JSON with control characters escaped", b, end - start));
      }
      end++;
    }
    int size = end - start;
    if (size > Event.MAX_ENVELOPE_BYTES) {
      throw malformed(line, "the envelope is " + size + " bytes, the limit is " + Event.MAX_ENVELOPE_BYTES);
    }
    if (size < 2 || bytes[start] != '{' || bytes[end - 1] != '}') {
      throw malformed(line, "the envelope must be a JSON object ({…})");
    }
    return end;
  }

  private static int putAscii(byte[] out, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      out[at++] = (byte) s.charAt(i);
    }
    return at;
  }

  private static String ascii(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }

  private static ProblemException malformed(int line, String problem) {
    return Problem.invalid("malformed event batch, line " + line + ": " + problem).exception();
  }

  private static ProblemException malformed(int line, Problem problem) {
    return malformed(line, problem.message());
  }
}
