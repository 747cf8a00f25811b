package io.rtdispatch.dispatcher.fanout;

import io.rtdispatch.common.flow.ByteBudget;
import akka.Done;
import akka.actor.typed.ActorSystem;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.logging.LogSafe;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.link.Batch;
import io.rtdispatch.dispatcher.link.BatchLink;
import io.rtdispatch.dispatcher.link.HttpConnections;
import io.rtdispatch.dispatcher.link.LinkSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to a frontend in another process: a {@link BatchLink} whose batches are POSTed to the
 * frontend's {@code /internal/deliver}. A failed POST is not retried (delivery is at-most-once):
 * its events are counted as dropped, like events that waited past the request timeout. The first
 * failure after a success is logged as a warning, the recovery as info, and the failures in
 * between at debug, so a dead frontend does not flood the log before the failure detector takes it
 * out of routing.
 */
final class HttpFrontendDelivery implements FrontendDelivery {

  private static final Logger log = LoggerFactory.getLogger(HttpFrontendDelivery.class);
  private static final String DELIVER_PATH = "/internal/deliver";

  private final String nodeId;
  private final String baseUrl;
  private final HttpConnections connections;
  private final String[] headers;
  private final DispatcherMetrics metrics;
  private final BatchLink link;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final RepeatedWarnings warnings;

  /** @param token bearer token for {@code /internal/deliver}, or "" for none */
  HttpFrontendDelivery(ActorSystem<?> system, String nodeId, String baseUrl, LinkSettings settings,
      Duration connectTimeout, String token, DispatcherMetrics metrics, ByteBudget queued) {
    this.nodeId = nodeId;
    this.baseUrl = baseUrl;
    this.connections = new HttpConnections(system, baseUrl, connectTimeout);
    this.headers = token.isEmpty() ? new String[0] : new String[] {"Authorization", "Bearer " + token};
    this.metrics = metrics;
    this.warnings = RepeatedWarnings.get(system);
    this.link = new BatchLink(system, settings, this::send, metrics.dropsExpired::increment, queued);
  }

  /** Whether this delivery goes to the frontend's current endpoint. */
  boolean reaches(String currentBaseUrl) {
    return baseUrl.equals(currentBaseUrl);
  }

  @Override
  public void deliver(List<Event> events) {
    for (Event event : events) {
      if (link.offer(event)) {
        metrics.frontendEvents.increment();
      } else {
        metrics.dropsQueueFull.increment();
        log.debug("Queue to frontend {} is full; dropped event {} on topic {}", nodeId, event.id(), event.topic());
      }
    }
  }

  /** Sends what is queued and fresh, then closes the connections. */
  @Override
  public void close() {
    link.close().whenComplete((done, failure) -> connections.close());
  }

  private CompletionStage<Done> send(Batch batch) {
    metrics.frontendPosts.increment();
    return connections.post(DELIVER_PATH, batch, headers).handle((reply, failure) -> {
      if (failure == null && reply.ok()) {
        if (failing.compareAndSet(true, false)) {
          log.info("Frontend {} at {} accepts deliveries again", nodeId, baseUrl);
        }
      } else {
        metrics.frontendPostFailures.increment();
        metrics.dropsPostFailed.increment(batch.events().size());
        String reason = LogSafe.text(failure != null ? failure : "HTTP " + reply.status() + " " + reply.body());
        if (failing.compareAndSet(false, true)) { // a frontend that flaps warns once per interval
          warnings.warn(log, "frontend-delivery:" + nodeId, "Delivery to frontend {} at {} failed ({}); dropped {} "
              + "events, dropping until it recovers", nodeId, baseUrl, reason, batch.events().size());
        } else {
          log.debug("Delivery to frontend {} failed again ({}); dropped {} events", nodeId, reason,
              batch.events().size());
        }
      }
      return Done.getInstance();
    });
  }
}
