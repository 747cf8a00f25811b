package io.rtdispatch.common.http.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.logging.RepeatedWarnings;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of every connection of one port, shared by all of them: a request the port's
 * {@link StreamUpgrade} wants becomes a stream; every other request is answered by the port's Akka
 * HTTP routes through {@link RouteBridge}. A request Netty's codec could not decode gets the
 * contract's JSON error: 414 for a request line over {@code rtd.http.max-request-line}, 431 for
 * headers over {@code rtd.http.max-header-size}, 413 for a body over the port's limit, 400 for an
 * HTTP major version other than 1 and anything else undecodable (bad input is never a 5xx); with
 * {@code Access-Control-Allow-Origin} for an allowed origin, so a page can read it. A request
 * pipelined after an answer that closes the connection is not processed ({@link LingeringClose}).
 */
@ChannelHandler.Sharable
public final class RequestDispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(RequestDispatch.class);

  private final RouteBridge routes;
  private final StreamUpgrade upgrade;
  private final String corsAllowedOrigins;
  private final RepeatedWarnings warnings;

  /**
   * @param upgrade the port's streams, or null for a port without any
   * @param corsAllowedOrigins origins whose pages may read this port's answers ("*", a comma
   *     separated list, or "" for none), as in {@link HttpSupport#allowedOrigin}
   * @param warnings the node's once-per-kind warnings
   */
  public RequestDispatch(RouteBridge routes, StreamUpgrade upgrade, String corsAllowedOrigins,
      RepeatedWarnings warnings) {
    this.routes = routes;
    this.upgrade = upgrade;
    this.corsAllowedOrigins = corsAllowedOrigins;
    this.warnings = warnings;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (LingeringClose.answeredClose(ctx.channel())) {
      return; // pipelined after an answer that closes the connection: RFC 9112 section 9.6
    }
    if (request.decoderResult().isFailure()) {
      rejectUndecodable(ctx, request, request.decoderResult().cause());
      return;
    }
    if (request.protocolVersion().majorVersion() != 1) {
      JsonResponses.error(ctx, HttpResponseStatus.BAD_REQUEST, "only HTTP/1.0 and HTTP/1.1 are served",
          false, allowOrigin(request));
      return;
    }
    if (upgrade != null && upgrade.wants(request.method().name(), pathOf(request.uri()))) {
      upgrade.open(ctx, request, allowOrigin(request));
    } else {
      routes.handle(ctx, request, allowOrigin(request));
    }
  }

  private String allowOrigin(FullHttpRequest request) {
    return allowOrigin(request.headers());
  }

  /** {@code Access-Control-Allow-Origin} for a request with these headers, or null for none. */
  String allowOrigin(HttpHeaders headers) {
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    return origin == null ? null : HttpSupport.allowedOrigin(corsAllowedOrigins, origin);
  }

  private void rejectUndecodable(ChannelHandlerContext ctx, FullHttpRequest request, Throwable cause) {
    HttpResponseStatus status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      message = "the request line is longer than this node accepts";
    } else if (cause instanceof TooLongFrameException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      message = "the request headers are larger than this node accepts";
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      message = "the request is not valid HTTP/1.1";
    }
    // The Origin header may be among what could not be read; "*" needs none.
    String allowOrigin = request.headers().contains(HttpHeaderNames.ORIGIN) ? allowOrigin(request)
        : "*".equals(corsAllowedOrigins.trim()) ? "*" : null;
    JsonResponses.error(ctx, status, message, false, allowOrigin);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      JsonResponses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body is larger than this node accepts", false, null);
      return;
    }
    if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
      log.debug("HTTP connection ended: {}", cause.getClass().getSimpleName()); // the client went away
    } else {
      warnings.warn(log, "http-connection-error", "Closing an HTTP connection after an unexpected error: {}",
          cause.getClass().getName());
    }
    ctx.close();
  }

  /**
   * The path of a request target in origin form ({@code /connect?topic=a}) or absolute form
   * ({@code http://host/connect?topic=a}, as proxies send it; RFC 9112 section 3.2).
   */
  static String pathOf(String target) {
    int start = 0;
    int scheme = target.indexOf("://");
    if (scheme > 0 && !target.startsWith("/")) {
      int slash = target.indexOf('/', scheme + 3);
      start = slash < 0 ? target.length() : slash;
    }
    int end = target.length();
    for (int i = start; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return start == end ? "/" : target.substring(start, end);
  }
}
