package io.rtdispatch.dispatcher.http;

import akka.actor.typed.ActorRef;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.fanout.Router;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /internal/peer-publish}: events published in another data center, delivered here
 * and never forwarded further (that is what keeps a mesh of data centers loop-free). The batch
 * names its origin in {@code X-Rtd-Origin-DC}; events keep the id and timestamp they got there.
 */
final class PeerRoutes extends HttpSupport {

  static final String ORIGIN_HEADER = "X-Rtd-Origin-DC";

  private final ActorRef<Router.Command> router;
  private final String dataCenter;
  private final String token;
  private final long maxBytes;
  private final PendingLimit pending;
  private final DispatcherMetrics metrics;
  private final Metrics registry;

  PeerRoutes(ActorRef<Router.Command> router, String dataCenter, String token, long maxBytes, PendingLimit pending,
      DispatcherMetrics metrics) {
    this.router = router;
    this.dataCenter = dataCenter;
    this.token = token;
    this.maxBytes = maxBytes;
    this.pending = pending;
    this.metrics = metrics;
    this.registry = metrics.registry();
  }

  Route route() {
    return path(PathMatchers.segment("internal").slash("peer-publish"), () -> post(() ->
        bearerToken(token, "peer data centers", () ->
            optionalHeaderValueByName(ORIGIN_HEADER, origin ->
                body(NDJSON, maxBytes, bytes -> receive(origin, bytes))))));
  }

  private Route receive(Optional<String> origin, ByteString body) {
    if (origin.isEmpty() || origin.get().isBlank()) {
      return complete(error(StatusCodes.BAD_REQUEST, ORIGIN_HEADER + " header naming the origin data center is required"));
    }
    if (origin.get().equals(dataCenter)) {
      return complete(error(StatusCodes.BAD_REQUEST, "these events come from " + dataCenter
          + ", this data center itself; is RTD_PEERS pointing at its own dispatchers?"));
    }
    List<Event> events;
    try {
      events = EventBatch.decode(body);
    } catch (Event.MalformedEventException e) {
      return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
    }
    if (!pending.tryAcquire(events.size())) {
      return complete(error(StatusCodes.TOO_MANY_REQUESTS, pending.overloaded()));
    }
    router.tell(new Router.Dispatch(events));
    metrics.publishedPeer.increment(events.size());
    registry.counter("rtd.peer.events.received", "Events received from a peer data center", "peer", origin.get())
        .increment(events.size());
    return complete(StatusCodes.NO_CONTENT);
  }
}
