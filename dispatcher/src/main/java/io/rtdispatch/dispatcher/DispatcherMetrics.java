package io.rtdispatch.dispatcher;

import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.metrics.Metrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The dispatcher's meters; gauges read atomics the owning actor updates. */
public final class DispatcherMetrics {

  public final AtomicInteger routableFrontends = new AtomicInteger();
  public final AtomicLong registryEntries = new AtomicLong();

  public final Counter publishedLocal;
  public final Counter publishedPeer;
  public final Counter publishRejected;
  public final Counter unroutable;
  public final Counter frontendEvents;
  public final Counter frontendPosts;
  public final Counter frontendPostFailures;
  public final Counter dropsQueueFull;
  public final Counter dropsPostFailed;
  public final Counter dropsExpired;

  private final Metrics metrics;

  public DispatcherMetrics(Metrics metrics) {
    this.metrics = metrics;
    metrics.gauge("rtd.dispatcher.routable.frontends", "Frontends that are Up, reachable and have an endpoint",
        routableFrontends::get);
    metrics.gauge("rtd.registry.entries", "Topic registrations (topic, frontend) in this data center's registry",
        registryEntries::get);
    publishedLocal = metrics.counter("rtd.dispatcher.events.published", "Events accepted for delivery",
        "origin", "local");
    publishedPeer = metrics.counter("rtd.dispatcher.events.published", "Events accepted for delivery",
        "origin", "peer");
    publishRejected = metrics.counter("rtd.dispatcher.publish.rejected", "Publish requests answered with a 4xx");
    unroutable = metrics.counter("rtd.dispatcher.events.unroutable",
        "Events no frontend in this data center has subscribers for");
    frontendEvents = metrics.counter("rtd.dispatcher.frontend.events", "Events queued to frontends (event x frontend)");
    frontendPosts = metrics.counter("rtd.dispatcher.frontend.posts",
        "Batches sent to frontends (POSTed, or handed over in-process)");
    frontendPostFailures = metrics.counter("rtd.dispatcher.frontend.post.failures",
        "Batches a frontend did not accept (error status, timeout, connection failure, in-process refusal)");
    dropsQueueFull = metrics.counter("rtd.dispatcher.drops", "Events dropped on the way to a frontend",
        "reason", "queue-full");
    dropsPostFailed = metrics.counter("rtd.dispatcher.drops", "Events dropped on the way to a frontend",
        "reason", "post-failed");
    dropsExpired = metrics.counter("rtd.dispatcher.drops", "Events dropped on the way to a frontend",
        "reason", "expired");
  }

  /** The node's meters, for the few the dispatcher's routes register themselves. */
  public Metrics meters() {
    return metrics;
  }
}
