package io.rtdispatch.common.delivery;

import io.rtdispatch.common.event.Event;
import java.util.List;

/**
 * Where a frontend takes in a batch of events from a dispatcher for fan-out to its local
 * subscribers. Two ways reach it: {@code POST /internal/deliver} between nodes, and a direct call
 * when the dispatcher runs in the same JVM (see {@link InProcessFrontends}), so the embedded
 * default never POSTs to itself over loopback.
 *
 * <p>Implementations never block and are safe to call from any thread.
 */
public interface FrontendIntake {

  /**
   * Hands {@code events} (validated, in publish order per topic) to the fan-out.
   *
   * @return false if the frontend refused the whole batch because more events than its pending
   *     limit are waiting to be fanned out (the caller counts them as dropped)
   */
  boolean offer(List<Event> events);
}
