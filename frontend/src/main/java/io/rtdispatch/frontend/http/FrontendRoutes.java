package io.rtdispatch.frontend.http;

import akka.actor.typed.Scheduler;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import io.rtdispatch.frontend.FrontendContext;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.auth.AuthAnswers;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.forward.OwnerEndpoints;
import io.rtdispatch.frontend.forward.SubscriptionForwarding;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The frontend's HTTP surface besides the streams themselves ({@code GET /connect} is served by
 * {@link io.rtdispatch.frontend.stream.ConnectHandler} on the I/O thread): on the public port,
 * subscription changes and the demo page ({@link #route}); on the node's internal port, the
 * delivery endpoint dispatchers POST to and the endpoints other frontends forward subscription
 * changes to ({@link #internalRoute}). Holds no state; it validates and authorizes, then hands
 * subscription changes to {@link SubscriptionChanges} (here or on the stream's frontend).
 *
 * <p>A subscribe token is checked by the frontend that receives the request, which answers its
 * 401/403 itself; every frontend of a data center must therefore have the same
 * {@code rtd.frontend.subscribe} keys (docs/security.md).
 */
public final class FrontendRoutes extends HttpSupport {

  /** Largest request body the public port reads: a subscription change is far smaller. */
  public static final long MAX_BODY_BYTES = 4096;

  private final Scheduler scheduler;
  private final SubscriptionShards shards;
  private final FrontendSettings settings;
  private final String internalToken;
  private final Supplier<String> notReadyReason;
  private final DemoPage demo;
  private final SubscriberAuth auth;
  private final SubscriptionChanges changes;

  /**
   * @param context the role's settings, readiness (503 while not ready), ids and internal token
   * @param auth who may subscribe to what ({@code POST /subscriptions} answers its refusals 401/403)
   * @param owners where the other frontends of the data center take forwarded changes
   * @param demoPublishPort the port of the page's host the demo page publishes to when no
   *     {@code demo.publish-url} is set: this process's dispatcher once bound, else {@code demo.publish-port}
   */
  public FrontendRoutes(FrontendContext context, Connections connections, SubscriptionShards shards,
      SubscriberAuth auth, OwnerEndpoints owners, SubscriptionForwarding forwarding, IntSupplier demoPublishPort) {
    this.scheduler = context.scheduler();
    this.auth = auth;
    this.changes = new SubscriptionChanges(context, connections, owners, forwarding);
    this.shards = shards;
    this.settings = context.settings();
    this.internalToken = context.internalToken();
    this.notReadyReason = context::notReadyReason;
    this.demo = new DemoPage(settings.demoTopic(), settings.demoPublishUrl(), demoPublishPort,
        context.node().dataCenter(), context.nodeId());
  }

  public Route route() {
    return cors(settings.corsAllowedOrigins(), () -> withJsonErrors(() -> concat(
        get(() -> extractRequest(request -> respondWithHeaders(demo.headers(request), () -> concat(
            pathSingleSlash(() -> getFromResource("web/index.html", DemoPage.HTML)),
            path("demo.js", () -> getFromResource("web/demo.js", DemoPage.SCRIPT)),
            path("demo.css", () -> getFromResource("web/demo.css", DemoPage.STYLE)),
            path("favicon.ico", () -> complete(StatusCodes.NO_CONTENT)), // browsers ask; there is none
            path(PathMatchers.segment("demo").slash("config"), () ->
                complete(json(StatusCodes.OK, demo.config(request)))))))),
        path("subscriptions", () -> whenReady(() -> concat(
            post(() -> subscriberToken(token -> subscriptionChange(token, true))),
            delete(() -> subscriptionChange(null, false))))),
        internalElsewhere())));
  }

  /**
   * For the node's internal port, which wraps it with the other roles' routes in
   * {@link #jsonErrors}: {@code POST /internal/deliver}, batches from dispatchers, and
   * {@code POST /internal/subscribers}, this node's subscriber counts for presence
   * ({@link #presenceCounts}; 503 if the shards do not answer in time), and {@code POST} and
   * {@code DELETE /internal/subscriptions}, subscription changes to this node's streams forwarded by
   * the frontend that received them ({@link SubscriptionChanges}): answered as on the public port,
   * without checking a subscribe token again (the receiving frontend did; the internal token
   * vouches for it).
   */
  public Route internalRoute() {
    return concat(
        path(PathMatchers.segment("internal").slash("deliver"), () -> post(() ->
            bearerToken(internalToken, "internal endpoints", () ->
                eventBatch(settings.maxDeliverBytes(), shards.intake(), shards::fanOut)))),
        path(PathMatchers.segment("internal").slash("subscribers"), () -> post(() ->
            bearerToken(internalToken, "internal endpoints", () ->
                presenceCounts(query -> shards.count(query, settings.askTimeout(), scheduler))))),
        path(PathMatchers.segment("internal").slash("subscriptions"), () ->
            bearerToken(internalToken, "internal endpoints", () -> concat(
                post(() -> forwardedChange(true)),
                delete(() -> forwardedChange(false))))));
  }

  private Route whenReady(Supplier<Route> inner) {
    String reason = notReadyReason.get();
    return reason == null ? inner.get() : complete(error(new Problem(Problem.Kind.UNAVAILABLE, reason)));
  }

  /** The request's subscribe token ({@link SubscriberAuth#token}: header, else query), or null. */
  private Route subscriberToken(Function<String, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> parameterOptional("token", query ->
        inner.apply(SubscriberAuth.token(header.orElse(null), query.orElse(null)))));
  }

  /** @param token checked for a subscribe (unsubscribing needs none: it gives no access) */
  private Route subscriptionChange(String token, boolean subscribe) {
    return body(ContentTypes.APPLICATION_JSON.mediaType(), MAX_BODY_BYTES, bytes -> {
      SubscriptionRequest request;
      try {
        request = SubscriptionRequest.parse(bytes);
      } catch (ProblemException e) {
        return complete(error(e.problem()));
      }
      SubscriberAuth.Decision decision = subscribe ? auth.check(token, List.of(request.topic())) : null;
      if (decision instanceof SubscriberAuth.Refused refused) {
        return complete(AuthAnswers.akka(refused));
      }
      Instant endsAt = decision instanceof SubscriberAuth.Allowed allowed ? allowed.endsAt() : null;
      return completeWithFuture(changes.apply(request, subscribe, endsAt));
    });
  }

  /** A change forwarded by the frontend that received it, which checked its token. */
  private Route forwardedChange(boolean subscribe) {
    return body(ContentTypes.APPLICATION_JSON.mediaType(), MAX_BODY_BYTES, bytes -> {
      SubscriptionRequest.Forwarded forwarded;
      try {
        forwarded = SubscriptionRequest.parseForwarded(bytes);
      } catch (ProblemException e) {
        return complete(error(e.problem()));
      }
      return completeWithFuture(changes.applyHere(forwarded, subscribe));
    });
  }
}
