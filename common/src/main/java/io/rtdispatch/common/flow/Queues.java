package io.rtdispatch.common.flow;

import akka.stream.BoundedSourceQueue;

/** Small things every owner of a {@link BoundedSourceQueue} needs. */
public final class Queues {

  private Queues() {}

  /**
   * Completes the queue's stream after what is buffered. A queue whose stream already ended (the
   * consumer cancelled, or it was completed before) throws on {@code complete()}; that is fine here.
   */
  public static void complete(BoundedSourceQueue<?> queue) {
    try {
      queue.complete();
    } catch (IllegalStateException alreadyDone) {
      // the stream ended first
    }
  }
}
