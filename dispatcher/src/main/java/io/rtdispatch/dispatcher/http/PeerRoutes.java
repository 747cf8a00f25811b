package io.rtdispatch.dispatcher.http;

import akka.actor.typed.ActorRef;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.EventBatchIntake;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.peers.Peers;
import java.util.List;

/**
 * {@code POST /internal/peer-publish}: events published in another data center, delivered here
 * and never forwarded further (that is what keeps a mesh of data centers loop-free). The batch
 * names its origin in {@code X-Rtd-Origin-DC}; events keep the id and timestamp they got there.
 * The body goes through the same {@link EventBatchIntake} as a frontend's deliveries.
 */
final class PeerRoutes extends HttpSupport {

  private final ActorRef<Router.Command> router;
  private final String dataCenter;
  private final String token;
  private final long maxBytes;
  private final EventBatchIntake intake;
  private final DispatcherMetrics metrics;

  PeerRoutes(ActorRef<Router.Command> router, String dataCenter, String token, long maxBytes, PendingLimit pending,
      DispatcherMetrics metrics) {
    this.router = router;
    this.dataCenter = dataCenter;
    this.token = token;
    this.maxBytes = maxBytes;
    this.intake = new EventBatchIntake(pending);
    this.metrics = metrics;
  }

  Route route() {
    return path(PathMatchers.segment("internal").slash("peer-publish"), () -> post(() ->
        bearerToken(token, "peer data centers", () ->
            optionalHeaderValueByName(Peers.ORIGIN_HEADER, origin -> {
              if (origin.isEmpty() || origin.get().isBlank()) {
                return complete(error(StatusCodes.BAD_REQUEST,
                    Peers.ORIGIN_HEADER + " header naming the origin data center is required"));
              }
              if (origin.get().equals(dataCenter)) {
                return complete(error(StatusCodes.BAD_REQUEST, "these events come from " + dataCenter
                    + ", this data center itself; is RTD_PEERS pointing at its own dispatchers?"));
              }
              return eventBatch(maxBytes, intake, events -> receive(origin.get(), events));
            }))));
  }

  /** Hands a peer's admitted events to the router (which returns their permits). */
  private void receive(String origin, List<Event> events) {
    router.tell(new Router.Dispatch(events));
    metrics.publishedPeer.increment(events.size());
    metrics.registry().counter("rtd.peer.events.received", "Events received from a peer data center", "peer", origin)
        .increment(events.size());
  }
}
