package io.rtdispatch.frontend.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.http.server.HttpServer;
import io.rtdispatch.common.http.server.JsonResponses;
import io.rtdispatch.common.http.server.StreamUpgrade;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.frontend.FrontendContext;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.auth.AuthAnswers;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.ConnectionActor;
import io.rtdispatch.frontend.connection.ConnectionIds;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.connection.Framing;
import io.rtdispatch.frontend.connection.Outbox;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /connect?topic=…}: validates the request, checks the subscriber's token
 * ({@link SubscriberAuth}: 401/403 JSON when refused), reserves a slot in {@link Connections},
 * writes the SSE response head, hands the channel to a per-stream {@link StreamHandler} and
 * starts the connection's actor, which sends the {@code connected} frame (and any replay) once
 * the topics are routable; until then the outbox holds what the fan-out offers.
 *
 * <p>The last event id to recover from is the {@code Last-Event-ID} header (what a browser sends
 * on reconnecting), else the {@code lastEventId} query parameter (for clients that cannot set
 * headers; a browser's header, being newer, wins over the one in a URL built at first connect).
 * An empty or invalid id is treated as absent: a reconnecting browser must never get a non-200,
 * and the connected frame's {@code "recovered":false} tells the client to refetch state.
 *
 * <p>Runs on the connection's I/O thread and asks no actor anything: the connection limit and
 * readiness are read from thread-safe state, so accepting streams scales with I/O threads.
 * Connection ids ({@link ConnectionIds}) are 128 random bits (knowing one is what lets a caller
 * change that connection's subscriptions, so they must not be guessable) followed by this node's
 * id, which lets any frontend of the data center forward such a change here.
 */
public final class ConnectHandler implements StreamUpgrade {

  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final Connections connections;
  private final FrontendSettings settings;
  private final FrontendMetrics metrics;
  private final Supplier<String> notReadyReason;
  private final TransientRefusals refusals;
  private final SubscriberAuth auth;
  private final ConnectionIds ids;

  /**
   * @param context the role's settings, meters, readiness (503 while not ready) and node id, which
   *     the new connections' ids name as their owner ({@link ConnectionIds})
   * @param auth who may subscribe to what: a refusal answers 401/403, a token's end ends the stream
   */
  public ConnectHandler(FrontendContext context, Connections connections, SubscriberAuth auth) {
    this.ids = new ConnectionIds(context.nodeId());
    this.connections = connections;
    this.auth = auth;
    this.settings = context.settings();
    this.metrics = context.metrics();
    this.notReadyReason = context::notReadyReason;
    this.refusals = new TransientRefusals(settings.retryHint(), metrics);
  }

  @Override
  public boolean wants(String method, String path) {
    return path.equals("/connect") && method.equals("GET");
  }

  @Override
  public void open(ChannelHandlerContext ctx, FullHttpRequest request, String allowOrigin) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String notReady = notReadyReason.get();
    if (notReady != null) {
      refusals.refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, notReady, allowOrigin);
      return;
    }
    Map<String, List<String>> parameters;
    String lastEventId;
    try {
      parameters = new QueryStringDecoder(request.uri()).parameters();
      lastEventId = lastEventId(request.headers().get(LAST_EVENT_ID), parameters.get("lastEventId"),
          parameters.get("replay"));
    } catch (IllegalArgumentException e) {
      JsonResponses.error(ctx, HttpResponseStatus.BAD_REQUEST, "the query string is not validly percent-encoded",
          keepAlive, allowOrigin);
      return;
    }
    LinkedHashSet<String> topics = new LinkedHashSet<>(parameters.getOrDefault("topic", List.of()));
    for (String topic : topics) {
      Optional<Problem> problem = Validation.topicProblem(topic);
      if (problem.isPresent()) {
        JsonResponses.send(ctx, JsonResponses.error(problem.get().prefixed("invalid topic parameter: "), allowOrigin),
            keepAlive);
        return;
      }
    }
    if (topics.size() > settings.maxTopicsPerConnection()) {
      JsonResponses.send(ctx, JsonResponses.error(new Problem(Problem.Kind.LIMIT_REACHED, "a connection may subscribe "
          + "to at most " + settings.maxTopicsPerConnection() + " topics, " + topics.size() + " were requested"),
          allowOrigin), keepAlive);
      return;
    }
    List<String> queryToken = parameters.getOrDefault("token", List.of(""));
    SubscriberAuth.Decision decision = auth.check(
        SubscriberAuth.token(request.headers().get(HttpHeaderNames.AUTHORIZATION), queryToken.get(0)), topics);
    if (decision instanceof SubscriberAuth.Refused refused) {
      JsonResponses.send(ctx, AuthAnswers.netty(refused, allowOrigin), keepAlive);
      return;
    }
    Instant tokenEndsAt = ((SubscriberAuth.Allowed) decision).endsAt();
    switch (connections.tryReserve(topics.size())) {
      case RESERVED -> stream(ctx, List.copyOf(topics), lastEventId, allowOrigin, request.protocolVersion(),
          tokenEndsAt);
      case LIMIT_REACHED -> refusals.refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS,
          "this node already holds " + connections.open() + " connections, the limit is " + settings.maxConnections(),
          allowOrigin);
      case SUBSCRIPTION_LIMIT_REACHED -> refusals.refuse(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS,
          connections.subscriptionLimitReason(topics.size()), allowOrigin);
      case SHUTTING_DOWN -> refusals.refuse(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
          "this node is shutting down; reconnect to another", allowOrigin);
    }
  }

  /**
   * The header's id if it is a valid event id, else the query parameter's if valid, else
   * {@link ConnectionActor#RECENT} for {@code replay=recent} (a late joiner's first connect: its
   * browser's reconnects carry the header, which wins), else null. Any other {@code replay} value
   * is ignored like an invalid id: a reconnecting browser must always get its stream.
   */
  private static String lastEventId(String header, List<String> parameter, List<String> replay) {
    if (header != null && Event.idProblem(header).isEmpty()) {
      return header;
    }
    String fromQuery = parameter == null || parameter.isEmpty() ? null : parameter.get(0);
    if (fromQuery != null && Event.idProblem(fromQuery).isEmpty()) {
      return fromQuery;
    }
    return replay != null && replay.contains("recent") ? ConnectionActor.RECENT : null;
  }

  private void stream(ChannelHandlerContext ctx, List<String> topics, String lastEventId, String allowOrigin,
      HttpVersion requestVersion, Instant tokenEndsAt) {
    String id = ids.next();
    Channel channel = ctx.channel();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .set("X-Accel-Buffering", "no");
    if (requestVersion.equals(HttpVersion.HTTP_1_0)) {
      // No chunked encoding for an HTTP/1.0 client (RFC 9112, 6.1): the stream ends with the connection.
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else {
      head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    JsonResponses.allowOrigin(head.headers(), allowOrigin);
    ctx.write(head, ctx.voidPromise());
    Outbox outbox = new Outbox(id, channel, ctx.pipeline().context(HttpServer.CODEC), settings.connectionBufferBytes(),
        requestVersion.equals(HttpVersion.HTTP_1_0) ? Framing.CLOSE_DELIMITED : Framing.CHUNKED);
    // The connection's actor releases it with the connected frame first; that write flushes the head with it.
    outbox.hold();
    HttpServer.becomeStream(ctx, new StreamHandler(outbox));
    metrics.connectionsOpened.increment();
    connections.open(id, topics, lastEventId, outbox, channel, tokenEndsAt);
  }
}
