package io.rtdispatch.dispatcher.fanout;

import io.rtdispatch.common.event.Event;
import java.util.List;

/**
 * How the router hands events to one frontend node: {@link InProcessFrontendDelivery} when the
 * frontend runs in this JVM, {@link HttpFrontendDelivery} otherwise. {@link FrontendDeliveries}
 * picks one per target.
 *
 * <p>Delivery is at-most-once: an implementation never blocks the router, never retries, and
 * counts every event it loses in the dispatcher's drop meters.
 */
interface FrontendDelivery {

  /** Hands over {@code events} (one router message's events for this frontend, in order). */
  void deliver(List<Event> events);

  /** Stops taking events; what was already taken may still be sent. Idempotent. */
  void close();
}
