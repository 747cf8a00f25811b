package io.rtdispatch.frontend.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.frontend.FrontendContext;
import io.rtdispatch.frontend.connection.ConnectionActor;
import io.rtdispatch.frontend.connection.SubscriptionResult;
import io.rtdispatch.frontend.connection.ConnectionIds;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.forward.OwnerEndpoints;
import io.rtdispatch.frontend.forward.SubscriptionForwarding;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a subscription change that has passed validation and authorization, wherever the stream
 * is (issue 11, "subscriptions through any frontend"): on this node when it holds the connection,
 * else on the frontend its id names ({@link ConnectionIds#owner}), over that frontend's internal
 * port ({@link SubscriptionForwarding}), with the same answers either way.
 *
 * <p>Answers: 200 {@code {"connectionId","topic","subscribed"[,"routable"]}}; 404 when no
 * frontend of the data center holds the connection (closed, made up, or its owner has left the
 * cluster); 429 over the connection's or node's limit; 503 when the holder does not answer in
 * time, or is a member whose internal address has not reached this node yet (with
 * {@code Retry-After: 1}; the endpoint map spreads by gossip).
 */
final class SubscriptionChanges {

  private final Scheduler scheduler;
  private final Connections connections;
  private final Duration askTimeout;
  private final String self;
  private final OwnerEndpoints owners;
  private final SubscriptionForwarding forwarding;

  /**
   * @param context gives how long the connection's actor may take to answer
   *     ({@code rtd.frontend.ask-timeout}) and this node's id (changes for its connections are
   *     never forwarded)
   */
  SubscriptionChanges(FrontendContext context, Connections connections, OwnerEndpoints owners,
      SubscriptionForwarding forwarding) {
    this.scheduler = context.scheduler();
    this.connections = connections;
    this.askTimeout = context.settings().askTimeout();
    this.self = context.nodeId();
    this.owners = owners;
    this.forwarding = forwarding;
  }

  /**
   * A change from a client: applied here if this node holds the connection, else forwarded to its owner.
   *
   * @param tokenEndsAt when the subscribe token that allowed it stops being valid (the stream ends then), or null
   */
  CompletionStage<HttpResponse> apply(SubscriptionRequest request, boolean subscribe, Instant tokenEndsAt) {
    Optional<ActorRef<ConnectionActor.Command>> connection = connections.lookup(request.connectionId());
    if (connection.isPresent()) {
      return change(connection.get(), request, subscribe, tokenEndsAt);
    }
    String owner = ConnectionIds.owner(request.connectionId());
    Optional<String> url = owner == null || owner.equals(self) ? Optional.empty() : owners.urlOf(owner);
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(owner != null && !owner.equals(self) && owners.isMember(owner)
          ? ownerNotYetKnown() : notFound(request));
    }
    return forwarding.forward(url.get(), subscribe, request.forwardedBody(tokenEndsAt));
  }

  /** A change another frontend forwarded here: applied to this node's connection only, never forwarded again. */
  CompletionStage<HttpResponse> applyHere(SubscriptionRequest.Forwarded forwarded, boolean subscribe) {
    SubscriptionRequest request = forwarded.request();
    Optional<ActorRef<ConnectionActor.Command>> connection = connections.lookup(request.connectionId());
    return connection.isEmpty() ? CompletableFuture.completedFuture(notFound(request))
        : change(connection.get(), request, subscribe, forwarded.tokenEndsAt());
  }

  private CompletionStage<HttpResponse> change(ActorRef<ConnectionActor.Command> connection,
      SubscriptionRequest request, boolean subscribe, Instant tokenEndsAt) {
    if (subscribe && tokenEndsAt != null) {
      connection.tell(new ConnectionActor.TokenEndsAt(tokenEndsAt));
    }
    CompletionStage<SubscriptionResult> result = AskPattern.ask(connection,
        replyTo -> subscribe
            ? new ConnectionActor.Subscribe(request.topic(), replyTo)
            : new ConnectionActor.Unsubscribe(request.topic(), replyTo),
        askTimeout, scheduler);
    return result.thenApply(SubscriptionChanges::answer).exceptionally(e ->
        HttpSupport.error(new Problem(Problem.Kind.UNAVAILABLE, "the node is too busy to change subscriptions")));
  }

  /** The owner is a member whose endpoint has not spread here yet: transient, so 503 with Retry-After. */
  private static HttpResponse ownerNotYetKnown() {
    return HttpSupport.error(new Problem(Problem.Kind.UNAVAILABLE,
        "the frontend holding this connection has just joined and is not known here yet; retry"));
  }

  private static HttpResponse notFound(SubscriptionRequest request) {
    return HttpSupport.error(new Problem(Problem.Kind.NOT_FOUND, "no open connection with id '"
        + request.connectionId() + "' (it was closed, or no frontend of this data center holds it)"));
  }

  private static HttpResponse answer(SubscriptionResult result) {
    if (result instanceof SubscriptionResult.SubscriptionChanged changed) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("connectionId", changed.connectionId());
      body.put("topic", changed.topic());
      body.put("subscribed", changed.subscribed());
      if (changed.routable() != null) {
        body.put("routable", changed.routable());
      }
      return HttpSupport.json(StatusCodes.OK, body);
    }
    return HttpSupport.error(new Problem(Problem.Kind.LIMIT_REACHED, ((SubscriptionResult.LimitReached) result).reason()));
  }
}
