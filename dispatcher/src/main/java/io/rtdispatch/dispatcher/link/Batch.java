package io.rtdispatch.dispatcher.link;

import io.rtdispatch.common.event.Event;
import java.util.List;

/**
 * Events a {@link BatchLink} lane sends in one request, in the order they were offered.
 *
 * @param deadlineNanos {@link System#nanoTime()} by which the request must have reached the node:
 *     the oldest event's enqueue time plus the link's request timeout
 */
public record Batch(List<Event> events, long deadlineNanos) {

  /** Nanoseconds left until the deadline; zero or less once it has passed. */
  public long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }
}
