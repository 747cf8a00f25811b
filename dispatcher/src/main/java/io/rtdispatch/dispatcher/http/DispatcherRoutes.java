package io.rtdispatch.dispatcher.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventIds;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import io.rtdispatch.dispatcher.DispatcherContext;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.peers.Peers;
import io.rtdispatch.dispatcher.presence.PresenceCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The dispatcher's HTTP surface: {@code POST /publish} from the likes backend. A publish is
 * validated, given ids and a timestamp, handed to the {@link Router} and to the links to peer
 * data centers, and answered 202 at once: the publisher never waits for delivery to clients or
 * for other data centers. Events from peers come in through {@link PeerRoutes}.
 *
 * <p>{@code GET /internal/routes?topic=…} tells an operator which frontends a topic's events go
 * to right now, from this dispatcher's view of the registry.
 */
public final class DispatcherRoutes extends HttpSupport {

  private final ActorRef<Router.Command> router;
  private final Peers peers;
  private final PeerRoutes peerRoutes;
  private final PresenceRoutes presenceRoutes;
  private final Scheduler scheduler;
  private final DispatcherSettings settings;
  private final String publishToken;
  private final String internalToken;
  private final DispatcherMetrics metrics;
  private final Supplier<String> notReadyReason;
  private final PublishParser parser;
  private final PublishLimiter limiter;
  private final PendingLimit pending;
  private final EventIds ids = new EventIds();

  /**
   * @param context the role's settings, meters, pending limit, readiness (503 while not ready),
   *     data center and tokens
   * @param router routes accepted events to frontends
   * @param peers forwards events published here to peer data centers
   * @param presence counts viewers for {@code GET /presence} and peers' {@code POST /internal/presence}
   */
  public DispatcherRoutes(DispatcherContext context, ActorRef<Router.Command> router, Peers peers,
      PresenceCounter presence) {
    DispatcherSettings settings = context.settings();
    this.router = router;
    this.peers = peers;
    this.peerRoutes = new PeerRoutes(context, router);
    this.presenceRoutes = new PresenceRoutes(presence, settings.peers().token());
    this.scheduler = context.scheduler();
    this.settings = settings;
    this.publishToken = context.node().security().publishToken();
    this.internalToken = context.internalToken();
    this.metrics = context.metrics();
    this.notReadyReason = context::notReadyReason;
    this.parser = new PublishParser(settings.maxBatchEvents(), settings.maxDataBytes(), settings.maxDataDepth(),
        settings.maxBodyBytes());
    this.limiter = new PublishLimiter(settings.maxEventsPerSecond());
    this.pending = context.pending();
  }

  /**
   * The public port: {@code POST /publish}, {@code GET /presence} ({@link PresenceRoutes}), and
   * where node-to-node endpoints are not.
   */
  public Route route() {
    return cors(settings.corsAllowedOrigins(), () -> withJsonErrors(() -> concat(
        path("publish", () -> post(() ->
            bearerToken(publishToken, "publishing", () ->
                body(ContentTypes.APPLICATION_JSON.mediaType(), settings.maxBodyBytes(), this::publish)))),
        presenceRoutes.route(),
        internalElsewhere())));
  }

  /**
   * For the node's internal port, which wraps it with the other roles' routes in
   * {@link #jsonErrors}: {@code GET /internal/routes}, {@code POST /internal/peer-publish} and
   * {@code POST /internal/presence}.
   */
  public Route internalRoute() {
    return concat(
        path(PathMatchers.segment("internal").slash("routes"), () -> get(() ->
            bearerToken(internalToken, "internal endpoints", () ->
                parameter("topic", this::routes)))),
        peerRoutes.route(),
        presenceRoutes.internalRoute());
  }

  /** {@code GET /internal/routes}'s answer, its keys in this order (docs/api.md). */
  record RoutesAnswer(String topic, List<Target> frontends) {
    record Target(String nodeId, String url) {}
  }

  private Route routes(String topic) {
    Optional<Problem> problem = Validation.topicProblem(topic);
    if (problem.isPresent()) {
      return complete(error(problem.get()));
    }
    CompletionStage<Router.Routes> routes = AskPattern.ask(router, replyTo -> new Router.Lookup(topic, replyTo),
        settings.askTimeout(), scheduler);
    return completeWithFuture(routes.thenApply(found -> json(StatusCodes.OK, new RoutesAnswer(topic,
        found.frontends().stream().map(f -> new RoutesAnswer.Target(f.nodeId(), f.baseUrl())).toList())))
        .exceptionally(e -> error(new Problem(Problem.Kind.UNAVAILABLE, "the router did not answer in time"))));
  }

  private Route publish(ByteString body) {
    String notReady = notReadyReason.get();
    if (notReady != null) {
      return complete(error(new Problem(Problem.Kind.UNAVAILABLE, notReady)));
    }
    PublishParser.Parsed parsed;
    try {
      parsed = parser.parse(body.toArrayUnsafe());
    } catch (ProblemException e) {
      metrics.publishRejected.increment();
      return complete(error(e.problem()));
    }
    if (!limiter.tryAcquire(parsed.drafts().size())) {
      metrics.publishRejected.increment();
      return complete(error(new Problem(Problem.Kind.BUSY, "this dispatcher accepts at most "
          + settings.maxEventsPerSecond() + " events per second; retry later or spread publishes over dispatchers")));
    }
    long now = System.currentTimeMillis();
    List<Event> events = new ArrayList<>(parsed.drafts().size());
    for (PublishParser.Draft draft : parsed.drafts()) {
      events.add(Event.create(ids.next(now), draft.topic(), draft.type(), draft.data(), now));
    }
    if (!pending.tryAcquire(events.size(), Event.wireBytes(events))) {
      metrics.publishRejected.increment();
      return complete(error(pending.overloaded()));
    }
    router.tell(new Router.Dispatch(events));
    peers.forward(events);
    metrics.publishedLocal.increment(events.size());
    if (!parsed.batch()) {
      return complete(json(StatusCodes.ACCEPTED, Map.of("id", events.get(0).id())));
    }
    return complete(json(StatusCodes.ACCEPTED, Map.of("ids", events.stream().map(Event::id).toList())));
  }
}
