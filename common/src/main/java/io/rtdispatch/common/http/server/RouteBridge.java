package io.rtdispatch.common.http.server;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import akka.japi.function.Function;
import akka.stream.Materializer;
import akka.util.ByteString;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a port's requests (everything but streams) with its Akka HTTP routes, on the Netty
 * {@link HttpServer}.
 *
 * <p>The request Netty decoded and aggregated (its body bounded by the aggregator) becomes an
 * Akka HTTP request with a strict entity; the route's response, made strict, becomes a Netty
 * response. One request is handled at a time per connection (reading pauses until the answer is
 * written), so pipelined requests are answered in order.
 */
public final class RouteBridge {

  private static final Logger log = LoggerFactory.getLogger(RouteBridge.class);

  private final Function<HttpRequest, CompletionStage<HttpResponse>> handler;
  private final Materializer materializer;
  private final long responseTimeoutMillis;
  private final RepeatedWarnings warnings;

  /**
   * @param responseTimeout how long the route may take to produce its whole answer
   *     ({@code rtd.http.response-timeout}); beyond it the client gets a 503 JSON error
   */
  public RouteBridge(ActorSystem<?> system, Route route, Duration responseTimeout) {
    this.handler = route.seal().handler(system);
    this.warnings = RepeatedWarnings.get(system);
    this.materializer = Materializer.matFromSystem(system);
    this.responseTimeoutMillis = responseTimeout.toMillis();
  }

  /** @param allowOrigin {@code Access-Control-Allow-Origin} for answers made here, or null */
  void handle(ChannelHandlerContext ctx, FullHttpRequest request, String allowOrigin) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Optional<HttpMethod> method = HttpMethods.lookup(request.method().name());
    if (method.isEmpty()) {
      JsonResponses.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "this HTTP method is not supported",
          false, allowOrigin); // 405 rather than 501: bad input is never a 5xx
      return;
    }
    HttpRequest akkaRequest;
    try {
      akkaRequest = toAkka(method.get(), request);
    } catch (RuntimeException e) {
      JsonResponses.error(ctx, HttpResponseStatus.BAD_REQUEST, "the request target is not a valid URI", false,
          allowOrigin);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    CompletionStage<HttpResponse> answer;
    try {
      answer = handler.apply(akkaRequest);
    } catch (Exception e) {
      answer = CompletableFuture.failedFuture(e);
    }
    // Every stage names its executor (the channel's event loop): stages that Akka or Scala hand out
    // run their plain thenX as thenXAsync on the common pool, which on one CPU (common pool
    // parallelism 1) starts a new thread per task: ~1 ms per request, measured in docs/benchmarks.md.
    EventExecutor loop = ctx.executor();
    answer.thenComposeAsync(response -> strict(response, loop), loop)
        .toCompletableFuture()
        .orTimeout(responseTimeoutMillis, TimeUnit.MILLISECONDS)
        .whenCompleteAsync((response, failure) -> {
          if (failure instanceof TimeoutException
              || failure instanceof CompletionException && failure.getCause() instanceof TimeoutException) {
            JsonResponses.send(ctx, JsonResponses.error(new Problem(Problem.Kind.UNAVAILABLE,
                "the node did not answer in time; retry"), allowOrigin), false);
            return;
          }
          if (failure != null) {
            warnings.warn(log, "route-failure", "A route failed: {}", failure.getClass().getName());
            JsonResponses.error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error", false, allowOrigin);
            return;
          }
          HttpUtil.setKeepAlive(response, keepAlive);
          if (keepAlive) {
            ctx.writeAndFlush(response).addListener(written -> ctx.channel().config().setAutoRead(true));
          } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
          }
        }, loop);
  }

  /** The route's answer as a Netty response; routes answer with strict entities, others are read first. */
  private CompletionStage<FullHttpResponse> strict(HttpResponse response, EventExecutor loop) {
    if (response.entity() instanceof HttpEntity.Strict strict) {
      return CompletableFuture.completedFuture(toNetty(response, strict.getContentType(), strict.getData()));
    }
    return response.entity().toStrict(responseTimeoutMillis, materializer)
        .thenApplyAsync(read -> toNetty(response, read.getContentType(), read.getData()), loop);
  }

  private static HttpRequest toAkka(HttpMethod method, FullHttpRequest request) {
    List<HttpHeader> headers = new ArrayList<>();
    ContentType contentType = ContentTypes.APPLICATION_OCTET_STREAM;
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("Content-Type")) {
        contentType = parseContentType(header.getValue());
      } else if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
        headers.add(RawHeader.create(name, header.getValue()));
      }
    }
    ByteString body = ByteString.fromArrayUnsafe(ByteBufUtil.getBytes(request.content()));
    return HttpRequest.create()
        .withMethod(method)
        .withUri(Uri.create(request.uri()))
        .addHeaders(headers)
        .withEntity(HttpEntities.create(contentType, body));
  }

  private static ContentType parseContentType(String value) {
    try {
      return ContentTypes.parse(value);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM; // the route's media-type check answers 415
    }
  }

  private static FullHttpResponse toNetty(HttpResponse response, ContentType contentType, ByteString data) {
    FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status().intValue(), response.status().reason()),
        Unpooled.wrappedBuffer(data.toArrayUnsafe()));
    for (HttpHeader header : response.getHeaders()) {
      out.headers().add(header.name(), header.value());
    }
    if (data.nonEmpty() || response.status().allowsEntity()) {
      out.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType.toString());
    }
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, data.length());
    return out;
  }
}
