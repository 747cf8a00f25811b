package io.rtdispatch.dispatcher.fanout;

import io.rtdispatch.common.delivery.FrontendIntake;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to a frontend in this JVM: each router message's events for it go to its
 * {@link FrontendIntake} in one call, with no copy, encoding or socket. Counted like an HTTP link:
 * a batch adds its events to {@code rtd_dispatcher_frontend_events_total} and one to
 * {@code _posts_total}; a batch the frontend refuses (its pending limit, like a 429 over HTTP) is a
 * failed post whose events are dropped ({@code rtd_dispatcher_drops_total{reason="post-failed"}}).
 */
final class InProcessFrontendDelivery implements FrontendDelivery {

  private static final Logger log = LoggerFactory.getLogger(InProcessFrontendDelivery.class);

  private final String nodeId;
  private final FrontendIntake intake;
  private final DispatcherMetrics metrics;
  private boolean refusing;

  InProcessFrontendDelivery(String nodeId, FrontendIntake intake, DispatcherMetrics metrics) {
    this.nodeId = nodeId;
    this.intake = intake;
    this.metrics = metrics;
  }

  /** Whether this delivery goes to {@code current}, the intake registered now. */
  boolean reaches(FrontendIntake current) {
    return intake == current;
  }

  @Override
  public void deliver(List<Event> events) {
    metrics.frontendEvents.increment(events.size());
    metrics.frontendPosts.increment();
    if (intake.offer(events)) {
      if (refusing) {
        refusing = false;
        log.info("In-process frontend {} takes events again", nodeId);
      }
      return;
    }
    metrics.frontendPostFailures.increment();
    metrics.dropsPostFailed.increment(events.size());
    if (!refusing) {
      refusing = true;
      log.warn("In-process frontend {} refused a batch (too many events waiting); dropped {} events, dropping until"
          + " it takes events again", nodeId, events.size());
    }
  }

  @Override
  public void close() {
    // Nothing is queued on this side.
  }
}
