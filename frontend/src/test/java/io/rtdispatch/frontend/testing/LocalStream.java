package io.rtdispatch.frontend.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection's channel for tests that involve actors: the server end of an in-VM Netty
 * {@link LocalChannel} pair on its own event loop, as thread-safe as a socket's channel (an
 * {@code EmbeddedChannel} runs its tasks on the test thread, so actors must not write to it). The
 * other end records what the server end writes: the stream's text, how many writes carried it,
 * and whether the response ended.
 */
public final class LocalStream implements AutoCloseable {

  private static final EventLoopGroup LOOPS = new DefaultEventLoopGroup(2, new DefaultThreadFactory("local-stream", true));
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Channel server;
  private final Channel channel;
  private final Channel client;
  private final Recorder recorder;

  private LocalStream(Channel server, Channel channel, Channel client, Recorder recorder) {
    this.server = server;
    this.channel = channel;
    this.client = client;
    this.recorder = recorder;
  }

  public static LocalStream open() throws Exception {
    LocalAddress address = new LocalAddress("local-stream-" + NAMES.incrementAndGet());
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    Channel server = new ServerBootstrap().group(LOOPS).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel channel) {
            accepted.complete(channel);
          }
        })
        .bind(address).sync().channel();
    Recorder recorder = new Recorder();
    Channel client = new Bootstrap().group(LOOPS).channel(LocalChannel.class).handler(recorder)
        .connect(address).sync().channel();
    return new LocalStream(server, accepted.get(5, TimeUnit.SECONDS), client, recorder);
  }

  /** The connection's channel, as the server holds it. */
  public Channel channel() {
    return channel;
  }

  /** Everything the server end has written so far, as text. */
  public String text() {
    return recorder.text();
  }

  /** How many writes with content arrived (a coalesced batch is one). */
  public int writes() {
    return recorder.writes.get();
  }

  /** Whether the response's last chunk arrived. */
  public boolean ended() {
    return recorder.ended;
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    client.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
  }

  private static final class Recorder extends ChannelInboundHandlerAdapter {

    private final StringBuilder text = new StringBuilder();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile boolean ended;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
      try {
        ByteBuf bytes = message instanceof HttpContent content ? content.content()
            : message instanceof ByteBuf buf ? buf : null;
        if (bytes != null && bytes.isReadable()) {
          synchronized (this) {
            text.append(bytes.toString(StandardCharsets.UTF_8));
          }
          writes.incrementAndGet();
        }
        if (message instanceof LastHttpContent) {
          ended = true;
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ended = true; // a close-delimited body ends with the connection
      ctx.fireChannelInactive();
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
