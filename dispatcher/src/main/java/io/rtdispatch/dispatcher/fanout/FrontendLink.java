package io.rtdispatch.dispatcher.fanout;

import akka.Done;
import akka.actor.typed.ActorSystem;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings.LinkSettings;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to one frontend node: a {@link BatchLink} whose batches are POSTed to the frontend's
 * {@code /internal/deliver}. A failed POST is not retried (delivery is at-most-once): its events
 * are counted as dropped. The first failure after a success is logged as a warning, the recovery
 * as info, and the failures in between at debug, so a dead frontend does not flood the log before
 * the failure detector takes it out of routing.
 */
public final class FrontendLink {

  private static final Logger log = LoggerFactory.getLogger(FrontendLink.class);

  private final String nodeId;
  private final String deliverUrl;
  private final BatchPoster poster;
  private final DispatcherMetrics metrics;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final BatchLink link;

  public FrontendLink(ActorSystem<?> system, String nodeId, String baseUrl, LinkSettings settings, BatchPoster poster,
      DispatcherMetrics metrics) {
    this.nodeId = nodeId;
    this.deliverUrl = baseUrl + "/internal/deliver";
    this.poster = poster;
    this.metrics = metrics;
    this.link = new BatchLink(system, settings, this::send);
  }

  public String url() {
    return deliverUrl;
  }

  public void offer(Event event) {
    if (link.offer(event)) {
      metrics.frontendEvents.increment();
    } else {
      metrics.dropsQueueFull.increment();
      log.debug("Queue to frontend {} is full; dropped event {} on topic {}", nodeId, event.id(), event.topic());
    }
  }

  public void close() {
    link.close();
  }

  private CompletionStage<Done> send(List<Event> batch) {
    metrics.frontendPosts.increment();
    return poster.post(deliverUrl, batch).handle((status, failure) -> {
      if (failure == null && status >= 200 && status < 300) {
        if (failing.compareAndSet(true, false)) {
          log.info("Frontend {} at {} accepts deliveries again", nodeId, deliverUrl);
        }
      } else {
        metrics.frontendPostFailures.increment();
        metrics.dropsPostFailed.increment(batch.size());
        String reason = failure != null ? String.valueOf(failure) : "HTTP " + status;
        if (failing.compareAndSet(false, true)) {
          log.warn("Delivery to frontend {} at {} failed ({}); dropped {} events, dropping until it recovers",
              nodeId, deliverUrl, reason, batch.size());
        } else {
          log.debug("Delivery to frontend {} failed again ({}); dropped {} events", nodeId, reason, batch.size());
        }
      }
      return Done.getInstance();
    });
  }
}
