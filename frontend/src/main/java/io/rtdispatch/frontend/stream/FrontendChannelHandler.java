package io.rtdispatch.frontend.stream;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every frontend connection, shared by all of them: {@code GET /connect} becomes
 * an SSE stream ({@link ConnectHandler}); every other request is answered by the frontend's Akka
 * HTTP routes through {@link RouteBridge}; a request Netty's codec could not decode gets a JSON
 * error (414 for a request line over {@code rtd.frontend.max-request-line}, 431 for headers over
 * {@code rtd.frontend.max-header-size}, 413 for a body over the limit, 400 otherwise).
 */
@ChannelHandler.Sharable
public final class FrontendChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(FrontendChannelHandler.class);

  private final ConnectHandler connect;
  private final RouteBridge routes;

  public FrontendChannelHandler(ConnectHandler connect, RouteBridge routes) {
    this.connect = connect;
    this.routes = routes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      rejectUndecodable(ctx, request.decoderResult().cause());
      return;
    }
    if (pathOf(request.uri()).equals("/connect") && request.method().equals(HttpMethod.GET)) {
      connect.open(ctx, request);
    } else {
      routes.handle(ctx, request);
    }
  }

  private static void rejectUndecodable(ChannelHandlerContext ctx, Throwable cause) {
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
    JsonResponses.error(ctx, status, message, false, null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      JsonResponses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body is larger than this node accepts", false, null);
      return;
    }
    if (!(cause instanceof IOException)) {
      log.warn("Closing a frontend connection after an unexpected error: {}", cause.toString());
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
