package io.rtdispatch.frontend.subscription;

import akka.stream.BoundedSourceQueue;
import akka.util.ByteString;

/**
 * The subscription table's handle on one connection: its id and its bounded outgoing buffer.
 *
 * <p>The table offers frames straight into the buffer instead of sending the connection actor a
 * message per event: the buffer is thread-safe and never blocks, so a slow reader costs one
 * failed offer per event, and a hot topic's fan-out costs no actor messages at all. The drop
 * count is touched only by the table's actor.
 */
public final class Subscriber {

  private final String connectionId;
  private final BoundedSourceQueue<ByteString> buffer;
  private long drops;

  public Subscriber(String connectionId, BoundedSourceQueue<ByteString> buffer) {
    this.connectionId = connectionId;
    this.buffer = buffer;
  }

  public String connectionId() {
    return connectionId;
  }

  public BoundedSourceQueue<ByteString> buffer() {
    return buffer;
  }

  /** Counts one more dropped frame and returns the connection's total. */
  long countDrop() {
    return ++drops;
  }
}
