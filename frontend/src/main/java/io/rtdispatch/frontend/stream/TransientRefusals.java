package io.rtdispatch.frontend.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.rtdispatch.common.http.server.JsonResponses;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.sse.SseFrames;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a {@code GET /connect} the node cannot take now but could take later (not ready yet,
 * shutting down, at its connection limit) so that every client retries.
 *
 * <p>A browser's {@code EventSource} fails for good on any answer but 200 with
 * {@code text/event-stream} (HTML standard 9.2.3, "fail the connection"), while a 200 stream that
 * ends makes it reconnect after the stream's {@code retry:} time. So a request that accepts
 * {@code text/event-stream} (every {@code EventSource} sends that) gets a 200 stream holding only a
 * {@code retry:} field and a {@code refused} event, then the connection closes. Any other client
 * gets the contract's JSON error (503 or 429) with {@code Retry-After}. The retry time is spread
 * over [retry-hint, 2 × retry-hint) so the clients of a draining node do not all come back at once.
 */
final class TransientRefusals {

  private final Duration retryHint;
  private final FrontendMetrics metrics;

  TransientRefusals(Duration retryHint, FrontendMetrics metrics) {
    this.retryHint = retryHint;
    this.metrics = metrics;
  }

  /** @param status 503 or 429: what a non-EventSource client gets, and the event's {@code status} */
  void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String reason,
      String allowOrigin) {
    metrics.connectionsRefused.increment();
    Duration retryAfter = retryHint.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, retryHint.toMillis())));
    String accept = request.headers().get(HttpHeaderNames.ACCEPT);
    if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream")) {
      FullHttpResponse error = JsonResponses.error(status, reason, allowOrigin);
      error.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (retryAfter.toMillis() + 999) / 1000));
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(error, keepAlive);
      ctx.writeAndFlush(error).addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
      return;
    }
    FullHttpResponse stream = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(SseFrames.refused(reason, status.code(), retryAfter)));
    stream.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
        .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, stream.content().readableBytes());
    JsonResponses.allowOrigin(stream.headers(), allowOrigin);
    HttpUtil.setKeepAlive(stream, false);
    ctx.writeAndFlush(stream).addListener(ChannelFutureListener.CLOSE);
  }
}
