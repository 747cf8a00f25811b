package io.rtdispatch.frontend.sse;

import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of every Server-Sent-Events frame the frontend writes (the event-stream format of the
 * HTML standard, section 9.2). An event's frame is built once per node and the same immutable
 * array is handed to every subscribed connection; nothing here is ever written into.
 */
public final class SseFrames {

  /** A comment line: keeps proxies and browsers from timing the stream out, fires no event. */
  public static final byte[] HEARTBEAT = ascii(":hb\n\n");

  private static final byte[] ID = ascii("id: ");
  private static final byte[] DATA = ascii("\ndata: ");
  private static final byte[] END = ascii("\n\n");

  private SseFrames() {}

  /**
   * {@code id: <id>\ndata: <envelope>\n\n}. The envelope is one line (node-to-node intake rejects
   * raw CR and LF), so it cannot add fields to the frame.
   */
  public static byte[] event(Event event) {
    byte[] id = ascii(event.id());
    ByteString envelope = event.envelope();
    byte[] frame = new byte[ID.length + id.length + DATA.length + envelope.length() + END.length];
    int at = put(ID, frame, 0);
    at = put(id, frame, at);
    at = put(DATA, frame, at);
    envelope.copyToArray(frame, at, envelope.length());
    put(END, frame, at + envelope.length());
    return frame;
  }

  /**
   * The first frame of every stream: the reconnect hint, the connection's id, whether every topic
   * given on {@code /connect} is routable, and whether the events missed since the client's last
   * event id were all replayed (docs/api.md).
   */
  public static byte[] connected(String connectionId, Duration retryHint, boolean routable, boolean recovered) {
    return ascii("retry: " + retryHint.toMillis() + "\nevent: connected\ndata: {\"connectionId\":\""
        + connectionId + "\",\"routable\":" + routable + ",\"recovered\":" + recovered + "}\n\n");
  }

  /**
   * {@code retry: <ms>} alone: sets the browser's reconnection time and fires no event (a frame
   * without {@code data:} dispatches nothing, HTML standard 9.2.6). Sent to a stream just before
   * the node ends it at shutdown.
   */
  public static byte[] retry(Duration retry) {
    return ascii("retry: " + retry.toMillis() + "\n\n");
  }

  /**
   * The whole body of a transient refusal of {@code GET /connect} to an {@code EventSource}: a
   * {@code retry:} field (the browser reconnects after it, since the answer was a 200 stream that
   * ended; HTML standard 9.2.3) and one {@code refused} event
   * {@code {"error":…,"status":503|429,"retryAfterMs":…}} a page may listen for.
   */
  public static byte[] refused(String error, int status, Duration retryAfter) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("error", error);
    data.put("status", status);
    data.put("retryAfterMs", retryAfter.toMillis());
    return withJsonData("retry: " + retryAfter.toMillis() + "\nevent: refused\ndata: ", data);
  }

  /**
   * The last frame of a stream whose subscribe token expired (docs/security.md):
   * {@code event: token-expired} with {@code {"error":…,"expiredAt":"<ISO-8601>"}}. The stream
   * ends after it; a page opens a new {@code EventSource} with a fresh token.
   */
  public static byte[] tokenExpired(Instant expiredAt) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("error", "the subscribe token expired; reconnect with a new token");
    data.put("expiredAt", expiredAt.toString());
    return withJsonData("event: token-expired\ndata: ", data);
  }

  /** {@code head} (fields ending in {@code data: }), {@code data} as one line of JSON, and the frame's end. */
  private static byte[] withJsonData(String head, Map<String, Object> data) {
    byte[] fields = ascii(head);
    byte[] json = Json.bytes(data);
    byte[] frame = new byte[fields.length + json.length + END.length];
    put(END, frame, put(json, frame, put(fields, frame, 0)));
    return frame;
  }

  /** The id of an event frame made by {@link #event}; null for any other frame. */
  public static String idOf(byte[] frame) {
    if (frame.length <= ID.length || !java.util.Arrays.equals(frame, 0, ID.length, ID, 0, ID.length)) {
      return null;
    }
    int end = ID.length;
    while (end < frame.length && frame[end] != '\n') {
      end++;
    }
    return new String(frame, ID.length, end - ID.length, StandardCharsets.US_ASCII);
  }

  private static int put(byte[] part, byte[] frame, int at) {
    System.arraycopy(part, 0, frame, at, part.length);
    return at + part.length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
