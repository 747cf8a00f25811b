package io.rtdispatch.tools.sse;

/** Receives what {@link SseParser} finds in a stream, in order. Byte ranges are valid only during the call. */
public interface SseListener {

  /**
   * A dispatched event (a frame with at least one data line). {@code eventType} is null when the frame had no
   * {@code event:} field; {@code lastEventId} is the stream's last event id (null if none was ever sent).
   * Multiple data lines are joined with '\n', as EventSource does.
   */
  void onEvent(String eventType, String lastEventId, byte[] data, int offset, int length);

  /** A comment line (starts with ':'); servers use these as heartbeats. Text excludes the colon. */
  void onComment(byte[] line, int offset, int length);

  /** A valid {@code retry:} field (reconnection delay hint, milliseconds). */
  void onRetry(long millis);

  /**
   * A frame ended (its blank line), with data or not, after the calls above for its lines. {@code id} is this
   * frame's own {@code id:} field, null if it had none (unlike {@code lastEventId}, which carries over). For clients
   * that look at whole frames, such as the tests' SSE client; the load tool ignores it.
   */
  default void onFrameEnd(String id) {
  }
}
