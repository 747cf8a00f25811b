package io.rtdispatch.frontend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frontend's meters. Gauges read values the owning actors publish through atomics, so a
 * scrape never asks an actor anything.
 */
public final class FrontendMetrics {

  public final AtomicInteger connections = new AtomicInteger();
  public final AtomicLong subscriptions = new AtomicLong();
  public final AtomicInteger topics = new AtomicInteger();
  public final AtomicInteger registeredTopics = new AtomicInteger();

  public final Counter connectionsOpened;
  public final Counter connectionsRefused;
  public final Counter eventsReceived;
  public final Counter deliveriesRefused;
  public final Counter eventsWithoutSubscribers;
  public final Counter deliveries;
  public final Counter drops;
  public final Counter slowConnectionsClosed;
  public final Counter registryWrites;
  public final Counter registryRepairs;
  /** Publish to arrival at this frontend, per event; see {@link #recordLag}. */
  public final Timer eventLag;
  /** A subscription's wait for its new topic to become routable (issue 12's "subscribe → routable"). */
  public final Timer routableWait;

  public FrontendMetrics(Metrics metrics) {
    metrics.gauge("rtd.frontend.connections", "Open SSE connections", connections::get);
    metrics.gauge("rtd.frontend.subscriptions", "Connection-topic subscriptions", subscriptions::get);
    metrics.gauge("rtd.frontend.topics", "Topics with at least one local subscriber", topics::get);
    metrics.gauge("rtd.frontend.registered.topics", "Topics this node has registered in the registry",
        registeredTopics::get);
    connectionsOpened = metrics.counter("rtd.frontend.connections.opened", "SSE connections accepted");
    connectionsRefused = metrics.counter("rtd.frontend.connections.refused",
        "SSE connections refused (connection limit or shutting down)");
    eventsReceived = metrics.counter("rtd.frontend.events.received", "Events received from dispatchers");
    deliveriesRefused = metrics.counter("rtd.frontend.deliveries.refused",
        "Events refused with 429 because too many were waiting to be fanned out");
    eventsWithoutSubscribers = metrics.counter("rtd.frontend.events.without.subscribers",
        "Events received for a topic with no local subscriber (unsubscribe grace period, or races)");
    deliveries = metrics.counter("rtd.frontend.deliveries", "Event frames handed to client connections");
    drops = metrics.counter("rtd.frontend.drops", "Event frames dropped because a client's buffer was full");
    slowConnectionsClosed = metrics.counter("rtd.frontend.slow.connections.closed",
        "Connections closed because they stopped reading while the node's buffers were full");
    registryWrites = metrics.counter("rtd.frontend.registry.deltas",
        "Topic change messages (deltas) sent to the dispatchers' views, each to every view");
    registryRepairs = metrics.counter("rtd.frontend.registry.snapshots",
        "Whole topic sets sent to one dispatcher's view (a new view, or one that missed a change)");
    eventLag = metrics.histogram("rtd.frontend.event.lag",
        "From publish (the accepting dispatcher's clock) to arrival at this frontend, per event",
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5));
    routableWait = metrics.histogram("rtd.frontend.routable.wait",
        "From a subscription to a topic not yet routable to every Up dispatcher's acknowledgement of it, per "
            + "subscription (the registry's share of subscribe -> routable; answered at once when already routable)",
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /**
   * Records each event's publish-to-arrival time in {@link #eventLag}, in milliseconds of wall
   * clock: it includes clock skew between the dispatcher and this node (negative skew counts as 0)
   * and, for events from a peer data center, the hop between data centers.
   */
  public void recordLag(List<Event> events) {
    long now = System.currentTimeMillis();
    for (Event event : events) {
      long publishedAt = event.publishedAt();
      if (publishedAt > 0) {
        eventLag.record(Math.max(0, now - publishedAt), TimeUnit.MILLISECONDS);
      }
    }
  }
}
