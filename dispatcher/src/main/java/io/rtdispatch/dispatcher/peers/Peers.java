package io.rtdispatch.dispatcher.peers;

import io.rtdispatch.common.flow.ByteBudget;
import akka.actor.typed.ActorSystem;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.DispatcherContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * This dispatcher's links to every peer data center. {@link #forward} is called for events
 * published in this data center only; events received from a peer are delivered locally and never
 * forwarded again, so with every data center peered to every other one each event crosses each
 * boundary once and loops are impossible. Offers never block: the publish response does not wait.
 */
public final class Peers {

  /** The header naming the data center a forwarded batch comes from. */
  public static final String ORIGIN_HEADER = "X-Rtd-Origin-DC";

  private final List<PeerLink> links;

  private Peers(List<PeerLink> links) {
    this.links = links;
  }

  /**
   * @param context gives this data center (the events' origin), the peers, their link settings and
   *     token, and the connect timeout (most time to open a connection to a peer's dispatcher)
   * @param queued the node's bound on bytes queued over all links
   */
  public static Peers start(DispatcherContext context, ByteBudget queued) {
    ActorSystem<?> system = context.system();
    String origin = context.dataCenter();
    PeerSettings settings = context.settings().peers();
    Duration connectTimeout = context.settings().connectTimeout();
    Metrics metrics = context.node().metrics();
    List<PeerLink> links = new ArrayList<>();
    settings.peers().forEach((peer, urls) -> {
      links.add(new PeerLink(system, origin, peer, urls, settings, connectTimeout, metrics, queued));
      system.log().info("Forwarding events published in {} to peer data center {} via {}", origin, peer, urls);
    });
    return new Peers(List.copyOf(links));
  }

  public void forward(List<Event> events) {
    for (PeerLink link : links) {
      for (Event event : events) {
        link.offer(event);
      }
    }
  }
}
