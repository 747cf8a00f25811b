package io.rtdispatch.frontend.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.auth.AuthAnswers;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.ConnectionActor;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The frontend's HTTP surface besides the streams themselves ({@code GET /connect} is served by
 * {@link io.rtdispatch.frontend.stream.ConnectHandler} on the I/O thread): on the public port,
 * subscription changes and the demo page ({@link #route}); on the node's internal port, the
 * delivery endpoint dispatchers POST to ({@link #internalRoute}). Holds no state; it validates,
 * then talks to the connection's actor and the subscription shards.
 */
public final class FrontendRoutes extends HttpSupport {

  /** Largest request body the public port reads: a subscription change is far smaller. */
  public static final long MAX_BODY_BYTES = 4096;

  private final ActorSystem<?> system;
  private final Connections connections;
  private final SubscriptionShards shards;
  private final FrontendSettings settings;
  private final SecuritySettings security;
  private final Supplier<String> notReadyReason;
  private final DemoPage demo;
  private final SubscriberAuth auth;

  /** @param auth who may subscribe to what ({@code POST /subscriptions} answers its refusals 401/403) */
  public FrontendRoutes(ActorSystem<?> system, Connections connections, SubscriptionShards shards,
      FrontendSettings settings, SecuritySettings security, Supplier<String> notReadyReason, String dataCenter,
      String nodeId, SubscriberAuth auth) {
    this.system = system;
    this.auth = auth;
    this.connections = connections;
    this.shards = shards;
    this.settings = settings;
    this.security = security;
    this.notReadyReason = notReadyReason;
    this.demo = new DemoPage(settings.demoTopic(), settings.demoPublishUrl(), dataCenter, nodeId);
  }

  public Route route() {
    return cors(settings.corsAllowedOrigins(), () -> withJsonErrors(() -> concat(
        get(() -> extractRequest(request -> respondWithHeaders(demo.headers(request), () -> concat(
            pathSingleSlash(() -> getFromResource("web/index.html", DemoPage.HTML)),
            path("demo.js", () -> getFromResource("web/demo.js", DemoPage.SCRIPT)),
            path("demo.css", () -> getFromResource("web/demo.css", DemoPage.STYLE)),
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
   * ({@link #presenceCounts}; 503 if the shards do not answer in time).
   */
  public Route internalRoute() {
    return concat(
        path(PathMatchers.segment("internal").slash("deliver"), () -> post(() ->
            bearerToken(security.internalToken(), "internal endpoints", () ->
                eventBatch(settings.maxDeliverBytes(), shards.intake(), shards::fanOut)))),
        path(PathMatchers.segment("internal").slash("subscribers"), () -> post(() ->
            bearerToken(security.internalToken(), "internal endpoints", () ->
                presenceCounts(query -> shards.count(query, settings.askTimeout(), system.scheduler()))))));
  }

  private Route whenReady(Supplier<Route> inner) {
    String reason = notReadyReason.get();
    return reason == null ? inner.get() : complete(error(StatusCodes.SERVICE_UNAVAILABLE, reason));
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
      } catch (SubscriptionRequest.InvalidRequestException e) {
        return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
      }
      SubscriberAuth.Decision decision = subscribe ? auth.check(token, List.of(request.topic())) : null;
      if (decision instanceof SubscriberAuth.Refused refused) {
        return complete(AuthAnswers.akka(refused));
      }
      Optional<ActorRef<ConnectionActor.Command>> connection = connections.lookup(request.connectionId());
      if (connection.isEmpty()) {
        return complete(error(StatusCodes.NOT_FOUND,
            "no open connection with id '" + request.connectionId() + "' on this node"));
      }
      if (decision instanceof SubscriberAuth.Allowed allowed && allowed.endsAt() != null) {
        connection.get().tell(new ConnectionActor.TokenEndsAt(allowed.endsAt()));
      }
      CompletionStage<ConnectionActor.SubscriptionResult> result = AskPattern.ask(connection.get(),
          replyTo -> subscribe
              ? new ConnectionActor.Subscribe(request.topic(), replyTo)
              : new ConnectionActor.Unsubscribe(request.topic(), replyTo),
          settings.askTimeout(), system.scheduler());
      return completeWithFuture(result.thenApply(FrontendRoutes::subscriptionResponse)
          .exceptionally(e -> error(StatusCodes.SERVICE_UNAVAILABLE, "the node is too busy to change subscriptions")));
    });
  }

  private static HttpResponse subscriptionResponse(ConnectionActor.SubscriptionResult result) {
    if (result instanceof ConnectionActor.SubscriptionChanged changed) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("connectionId", changed.connectionId());
      body.put("topic", changed.topic());
      body.put("subscribed", changed.subscribed());
      if (changed.routable() != null) {
        body.put("routable", changed.routable());
      }
      return json(StatusCodes.OK, body);
    }
    return error(StatusCodes.TOO_MANY_REQUESTS, ((ConnectionActor.LimitReached) result).reason());
  }
}
