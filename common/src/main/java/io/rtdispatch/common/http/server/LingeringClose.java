package io.rtdispatch.common.http.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a connection does after an answer that says {@code Connection: close} (an error that
 * ends the connection, a refused stream): RFC 9112 section 9.6's rules, so the client gets that
 * answer and nothing else.
 *
 * <ul>
 *   <li>No further request on the connection is processed: pipelined requests already read are
 *       dropped here and in {@link RequestDispatch} (see {@link #answeredClose}), so a publish
 *       pipelined after a rejected request is not carried out behind the client's back.
 *   <li>The close is a lingering one (section 9.6, "to avoid the TCP reset problem"): the node
 *       sends its FIN after the answer and discards what the client still sends until the client
 *       closes its side or {@code rtd.http.request-timeout} passes. Closing at once while request
 *       bytes are still arriving (a body over the limit, answered 413 before it is read) makes the
 *       kernel send a reset, which destroys the answer in the client's receive buffer: a client that
 *       writes its whole body before reading would see "connection reset" instead of the JSON error.
 * </ul>
 *
 * <p>A close requested for any other reason (the request deadline, shutdown, a stream's end) is
 * immediate. Sits after {@link RequestDeadline} (whose closes it does not see) and before the body
 * aggregator; a stream removes it ({@link HttpServer#becomeStream}).
 */
final class LingeringClose extends ChannelDuplexHandler {

  private static final AttributeKey<Boolean> ANSWERED_CLOSE = AttributeKey.valueOf("rtd-answered-close");

  private final long lingerMillis;
  private boolean lingering;
  private ScheduledFuture<?> cutOff;

  /** @param lingerMillis longest wait for the client to close its side ({@code rtd.http.request-timeout}) */
  LingeringClose(long lingerMillis) {
    this.lingerMillis = lingerMillis;
  }

  /** Whether {@code channel} has sent an answer closing it: no further request on it is processed. */
  static boolean answeredClose(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(ANSWERED_CLOSE).get());
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
    if (message instanceof HttpResponse response && !HttpUtil.isKeepAlive(response)) {
      ctx.channel().attr(ANSWERED_CLOSE).set(true);
    }
    ctx.write(message, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    if (answeredClose(ctx.channel())) {
      ReferenceCountUtil.release(message); // read only to let the client finish sending
      return;
    }
    ctx.fireChannelRead(message);
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channel channel = ctx.channel();
    if (lingering || !answeredClose(channel) || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
        || duplex.isInputShutdown()) {
      ctx.close(promise);
      return;
    }
    lingering = true;
    channel.closeFuture().addListener(closed -> promise.trySuccess());
    channel.config().setAutoRead(true);
    duplex.shutdownOutput().addListener(shut -> {
      if (!shut.isSuccess()) {
        ctx.close();
      }
    });
    cutOff = ctx.executor().schedule(() -> {
      ctx.close();
    }, lingerMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (cutOff != null) {
      cutOff.cancel(false);
    }
    ctx.fireChannelInactive();
  }
}
