package io.rtdispatch.common.http.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.json.Json;
import io.rtdispatch.common.problem.Problem;
import java.util.Map;

/** The contract's JSON error answers ({@code {"error":"..."}}), written straight by Netty. */
public final class JsonResponses {

  private JsonResponses() {}

  /**
   * Writes {@code status} with {@code {"error": message}}; closes the connection afterwards unless
   * {@code keepAlive}.
   *
   * @param allowOrigin the {@code Access-Control-Allow-Origin} value, or null for none
   */
  public static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive,
      String allowOrigin) {
    send(ctx, error(status, message, allowOrigin), keepAlive);
  }

  /** Writes {@code response}; closes the connection afterwards unless {@code keepAlive}. */
  public static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** {@code status} with {@code {"error": message}}, Content-Type and Content-Length set. */
  public static FullHttpResponse error(HttpResponseStatus status, String message, String allowOrigin) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(Json.bytes(Map.of("error", message))));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    allowOrigin(response.headers(), allowOrigin);
    return response;
  }

  /**
   * The answer to {@code problem}: its status and {@code Retry-After} as {@link HttpSupport#status}
   * and {@link HttpSupport#retryAfterSeconds} map them, with {@code {"error": message}}.
   *
   * @param allowOrigin the {@code Access-Control-Allow-Origin} value, or null for none
   */
  public static FullHttpResponse error(Problem problem, String allowOrigin) {
    FullHttpResponse response = error(HttpResponseStatus.valueOf(HttpSupport.status(problem.kind()).intValue()),
        problem.message(), allowOrigin);
    long retryAfter = HttpSupport.retryAfterSeconds(problem.kind());
    if (retryAfter > 0) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfter);
    }
    return response;
  }

  /** Sets {@code Access-Control-Allow-Origin} (and {@code Vary: Origin}) unless {@code allowOrigin} is null. */
  public static void allowOrigin(HttpHeaders headers, String allowOrigin) {
    if (allowOrigin != null) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin).set(HttpHeaderNames.VARY, "Origin");
    }
  }
}
