package io.rtdispatch.common.http.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.Function;

/**
 * Netty's {@link HttpObjectAggregator} with the contract's answer to a body over the limit: a
 * JSON 413 (and the connection closed, since the rest of the body is not read), instead of
 * Netty's empty one.
 */
final class BoundedBodies extends HttpObjectAggregator {

  private final int maxBytes;
  private final Function<HttpHeaders, String> allowOrigin;

  /** @param allowOrigin the port's {@code Access-Control-Allow-Origin} for a request's headers, or null */
  BoundedBodies(int maxBytes, Function<HttpHeaders, String> allowOrigin) {
    super(maxBytes);
    this.maxBytes = maxBytes;
    this.allowOrigin = allowOrigin;
  }

  /** A request announcing a body over the limit with {@code Expect: 100-continue} gets the JSON 413 at once. */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof FullHttpResponse full
        && full.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
      full.release();
      FullHttpResponse json = JsonResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body is larger than the limit of " + maxBytes + " bytes", allowOrigin.apply(start.headers()));
      HttpUtil.setKeepAlive(json, false);
      return json;
    }
    return response;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    JsonResponses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "request body is larger than the limit of " + maxBytes + " bytes", false, allowOrigin.apply(oversized.headers()));
  }
}
