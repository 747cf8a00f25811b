package io.rtdispatch.common.http.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A request a port answers with a long-lived stream on the I/O thread instead of a route: the
 * frontend's {@code GET /connect}. {@link #open} writes the whole answer itself (an error, or the
 * stream's head followed by {@link HttpServer#becomeStream}).
 */
public interface StreamUpgrade {

  /** Whether this request opens a stream; {@code path} without query string, e.g. {@code /connect}. */
  boolean wants(String method, String path);

  /**
   * Answers {@code request} on {@code ctx}'s I/O thread; must not block.
   *
   * @param allowOrigin the port's {@code Access-Control-Allow-Origin} for this request, or null for none
   */
  void open(ChannelHandlerContext ctx, FullHttpRequest request, String allowOrigin);
}
