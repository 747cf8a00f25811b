package io.rtdispatch.frontend.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.connection.ConnectionManager;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The frontend's HTTP surface: the SSE endpoint, subscription changes, the internal delivery
 * endpoint dispatchers POST to, and the demo page. Holds no state; it validates, then talks to
 * the {@link ConnectionManager} and the {@link SubscriptionTable}.
 */
public final class FrontendRoutes extends HttpSupport {

  private static final ContentType EVENT_STREAM = MediaTypes.TEXT_EVENT_STREAM.toContentType();
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final long MAX_SUBSCRIPTION_BODY = 4096;

  private final ActorSystem<?> system;
  private final ActorRef<ConnectionManager.Command> connections;
  private final ActorRef<SubscriptionTable.Command> table;
  private final PendingLimit pending;
  private final FrontendSettings settings;
  private final SecuritySettings security;
  private final FrontendMetrics metrics;
  private final Supplier<String> notReadyReason;
  private final Map<String, String> demoConfig;

  public FrontendRoutes(ActorSystem<?> system, ActorRef<ConnectionManager.Command> connections,
      ActorRef<SubscriptionTable.Command> table, PendingLimit pending, FrontendSettings settings,
      SecuritySettings security,
      FrontendMetrics metrics, Supplier<String> notReadyReason, String dataCenter, String nodeId) {
    this.system = system;
    this.connections = connections;
    this.table = table;
    this.pending = pending;
    this.settings = settings;
    this.security = security;
    this.metrics = metrics;
    this.notReadyReason = notReadyReason;
    this.demoConfig = Map.of("topic", settings.demoTopic(), "publishUrl", settings.demoPublishUrl(),
        "dataCenter", dataCenter, "nodeId", nodeId);
  }

  public Route route() {
    return cors(settings.corsAllowedOrigins(), () -> withJsonErrors(() -> concat(
        pathSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
        path(PathMatchers.segment("demo").slash("config"), () -> get(() -> complete(json(StatusCodes.OK, demoConfig)))),
        path("connect", () -> get(() -> whenReady(() -> parameterList("topic", this::connect)))),
        path("subscriptions", () -> whenReady(() -> concat(
            post(() -> subscriptionChange(true)),
            delete(() -> subscriptionChange(false))))),
        path(PathMatchers.segment("internal").slash("deliver"), () -> post(() ->
            bearerToken(security.internalToken(), "internal endpoints", () ->
                body(NDJSON, settings.maxDeliverBytes(), this::deliver)))))));
  }

  private Route whenReady(Supplier<Route> inner) {
    String reason = notReadyReason.get();
    return reason == null ? inner.get() : complete(error(StatusCodes.SERVICE_UNAVAILABLE, reason));
  }

  private Route connect(List<String> requested) {
    LinkedHashSet<String> topics = new LinkedHashSet<>(requested);
    for (String topic : topics) {
      String problem = Validation.topicError(topic);
      if (problem != null) {
        return complete(error(StatusCodes.BAD_REQUEST, "invalid topic parameter: " + problem));
      }
    }
    if (topics.size() > settings.maxTopicsPerConnection()) {
      return complete(error(StatusCodes.TOO_MANY_REQUESTS, "a connection may subscribe to at most "
          + settings.maxTopicsPerConnection() + " topics, " + topics.size() + " were requested"));
    }
    CompletionStage<ConnectionManager.OpenResult> opened = AskPattern.ask(connections,
        replyTo -> new ConnectionManager.Open(List.copyOf(topics), replyTo), ASK_TIMEOUT, system.scheduler());
    return completeWithFuture(opened.thenApply(this::streamResponse)
        .exceptionally(e -> error(StatusCodes.SERVICE_UNAVAILABLE, "the node is too busy to open a stream")));
  }

  private HttpResponse streamResponse(ConnectionManager.OpenResult result) {
    if (result instanceof ConnectionManager.Opened opened) {
      return HttpResponse.create()
          .withEntity(HttpEntities.create(EVENT_STREAM, opened.stream()))
          .addHeader(RawHeader.create("Cache-Control", "no-cache"))
          .addHeader(RawHeader.create("X-Accel-Buffering", "no"));
    }
    if (result instanceof ConnectionManager.LimitReached limit) {
      return error(StatusCodes.TOO_MANY_REQUESTS, limit.reason());
    }
    return error(StatusCodes.SERVICE_UNAVAILABLE, "this node is shutting down; reconnect to another");
  }

  private Route subscriptionChange(boolean subscribe) {
    return body(ContentTypes.APPLICATION_JSON.mediaType(), MAX_SUBSCRIPTION_BODY, bytes -> {
      SubscriptionRequest request;
      try {
        request = SubscriptionRequest.parse(bytes);
      } catch (SubscriptionRequest.InvalidRequestException e) {
        return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
      }
      CompletionStage<ConnectionManager.SubscriptionResult> result = AskPattern.ask(connections,
          replyTo -> subscribe
              ? new ConnectionManager.Subscribe(request.connectionId(), request.topic(), replyTo)
              : new ConnectionManager.Unsubscribe(request.connectionId(), request.topic(), replyTo),
          ASK_TIMEOUT, system.scheduler());
      return completeWithFuture(result.thenApply(FrontendRoutes::subscriptionResponse)
          .exceptionally(e -> error(StatusCodes.SERVICE_UNAVAILABLE, "the node is too busy to change subscriptions")));
    });
  }

  private static HttpResponse subscriptionResponse(ConnectionManager.SubscriptionResult result) {
    if (result instanceof ConnectionManager.SubscriptionChanged changed) {
      return json(StatusCodes.OK, Map.of("connectionId", changed.connectionId(), "topic", changed.topic(),
          "subscribed", changed.subscribed()));
    }
    if (result instanceof ConnectionManager.LimitReached limit) {
      return error(StatusCodes.TOO_MANY_REQUESTS, limit.reason());
    }
    String id = ((ConnectionManager.UnknownConnection) result).connectionId();
    return error(StatusCodes.NOT_FOUND, "no open connection with id '" + id + "' on this node");
  }

  private Route deliver(ByteString body) {
    List<Event> events;
    try {
      events = EventBatch.decode(body);
    } catch (Event.MalformedEventException e) {
      return complete(error(StatusCodes.BAD_REQUEST, e.getMessage()));
    }
    metrics.eventsReceived.increment(events.size());
    if (!pending.tryAcquire(events.size())) {
      metrics.deliveriesRefused.increment(events.size());
      return complete(error(StatusCodes.TOO_MANY_REQUESTS, pending.overloaded()));
    }
    table.tell(new SubscriptionTable.Deliver(events));
    return complete(StatusCodes.NO_CONTENT);
  }
}
