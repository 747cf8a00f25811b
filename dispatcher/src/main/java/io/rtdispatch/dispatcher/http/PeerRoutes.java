package io.rtdispatch.dispatcher.http;

import akka.actor.typed.ActorRef;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.http.EventBatchIntake;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.dispatcher.DispatcherContext;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.peers.Peers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /internal/peer-publish}: events published in another data center, delivered here
 * and never forwarded further (that is what keeps a mesh of data centers loop-free). The batch
 * names its origin in {@code X-Rtd-Origin-DC}; events keep the id and timestamp they got there.
 * The body goes through the same {@link EventBatchIntake} as a frontend's deliveries.
 */
final class PeerRoutes extends HttpSupport {

  private static final Logger log = LoggerFactory.getLogger(PeerRoutes.class);

  private final ActorRef<Router.Command> router;
  private final String dataCenter;
  private final String token;
  private final long maxBytes;
  private final EventBatchIntake intake;
  private final DispatcherMetrics metrics;
  private final Map<String, Counter> receivedByPeer = new HashMap<>();
  private final Counter receivedUnconfigured;
  private final AtomicBoolean warnedUnconfigured = new AtomicBoolean();

  /**
   * @param context gives this data center, the peer token, the largest batch
   *     ({@code max-peer-batch-bytes}), the pending limit, and the configured peer data centers:
   *     the only values {@code X-Rtd-Origin-DC} becomes a metric label as; any other origin is
   *     counted under {@value #UNCONFIGURED}, so a client cannot create metric series by sending
   *     new header values
   */
  PeerRoutes(DispatcherContext context, ActorRef<Router.Command> router) {
    DispatcherMetrics metrics = context.metrics();
    this.router = router;
    this.dataCenter = context.dataCenter();
    this.token = context.settings().peers().token();
    this.maxBytes = context.settings().maxPeerBatchBytes();
    this.intake = new EventBatchIntake(context.pending());
    this.metrics = metrics;
    context.settings().peers().peers().keySet().forEach(peer -> receivedByPeer.put(peer, received(metrics, peer)));
    this.receivedUnconfigured = received(metrics, UNCONFIGURED);
  }

  /** The {@code peer} label of events from a data center that is not in {@code rtd.dispatcher.peers}. */
  static final String UNCONFIGURED = "unconfigured";

  private static Counter received(DispatcherMetrics metrics, String peer) {
    return metrics.meters().counter("rtd.peer.events.received", "Events received from a peer data center",
        "peer", peer);
  }

  Route route() {
    return path(PathMatchers.segment("internal").slash("peer-publish"), () -> post(() ->
        bearerToken(token, "peer data centers", () ->
            optionalHeaderValueByName(Peers.ORIGIN_HEADER, origin -> {
              if (origin.isEmpty() || origin.get().isBlank()) {
                return complete(error(Problem.invalid(
                    Peers.ORIGIN_HEADER + " header naming the origin data center is required")));
              }
              if (origin.get().equals(dataCenter)) {
                return complete(error(Problem.invalid("these events come from " + dataCenter
                    + ", this data center itself; is RTD_PEERS pointing at its own dispatchers?")));
              }
              return eventBatch(maxBytes, intake, events -> receive(origin.get(), events));
            }))));
  }

  /** Hands a peer's admitted events to the router (which returns their permits). */
  private void receive(String origin, List<Event> events) {
    router.tell(new Router.Dispatch(events));
    metrics.publishedPeer.increment(events.size());
    Counter received = receivedByPeer.get(origin);
    if (received == null) {
      received = receivedUnconfigured;
      if (warnedUnconfigured.compareAndSet(false, true)) {
        log.warn("Receiving events from a data center that rtd.dispatcher.peers (RTD_PEERS) does not list; they are "
            + "delivered and counted as peer=\"{}\" (warned once)", UNCONFIGURED);
      }
    }
    received.increment(events.size());
  }
}
