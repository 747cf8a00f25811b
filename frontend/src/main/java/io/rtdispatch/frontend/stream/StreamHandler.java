package io.rtdispatch.frontend.stream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.rtdispatch.frontend.connection.Outbox;

/**
 * The handler of a connection that has become an SSE stream: it resumes the {@link Outbox} when
 * the socket can take more, ignores anything the client sends after its request, and closes the
 * channel on any I/O error (which ends the connection's actor, see
 * {@link io.rtdispatch.frontend.connection.ConnectionActor}).
 */
final class StreamHandler extends ChannelInboundHandlerAdapter {

  private final Outbox outbox;

  StreamHandler(Outbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      outbox.writable();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    ReferenceCountUtil.release(message);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
