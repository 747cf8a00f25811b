package io.rtdispatch.frontend.connection;

import akka.util.ByteString;
import akka.util.ByteStringBuilder;
import io.rtdispatch.common.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bytes of every Server-Sent-Events frame the frontend writes. An event's frame is built once
 * per node and the same immutable bytes are handed to every subscribed connection.
 */
public final class SseFrames {

  /** A comment line: keeps proxies and browsers from timing the stream out, fires no event. */
  public static final ByteString HEARTBEAT = ByteString.fromString(":hb\n\n");

  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private SseFrames() {}

  public static ByteString event(Event event) {
    return new ByteStringBuilder()
        .putBytes(ID).putBytes(event.id().getBytes(StandardCharsets.US_ASCII))
        .putBytes(DATA).append(event.envelope())
        .putBytes(END)
        .result();
  }

  /** The first frame of every stream: the reconnect hint and the connection's id. */
  public static ByteString connected(String connectionId, Duration retryHint) {
    return ByteString.fromString("retry: " + retryHint.toMillis() + "\nevent: connected\ndata: {\"connectionId\":\""
        + connectionId + "\"}\n\n");
  }
}
