package io.rtdispatch.frontend.stream;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rtdispatch.frontend.FrontendSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The frontend's HTTP server, on Netty: it holds the browsers' SSE streams and answers every other
 * frontend request through {@link RouteBridge}.
 *
 * <p>Why Netty and not Akka HTTP for this port: measured on this machine (docs/architecture.md,
 * "The stream transport"), an idle Akka HTTP SSE stream costs ~44 KB of heap (47 stream stages,
 * a header-parser cache copy, several actors) and ~1 ms of CPU to set up; a Netty channel with
 * its HTTP codec costs ~2.5 KB and ~0.17 ms. Requests are parsed by Netty's own
 * {@link HttpServerCodec}; nothing here parses HTTP by hand.
 *
 * <p>One event-loop thread per core by default ({@code rtd.frontend.io-threads}); native epoll
 * when available, NIO otherwise.
 */
public final class StreamServer {

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private final ChannelGroup children;

  private StreamServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel, ChannelGroup children) {
    this.boss = boss;
    this.workers = workers;
    this.serverChannel = serverChannel;
    this.children = children;
  }

  /**
   * Binds {@code settings.http()}'s interface and port.
   *
   * @param handler shared by every connection until it becomes a stream
   * @return completes with the running server, or exceptionally if the port cannot be bound
   */
  public static CompletionStage<StreamServer> start(FrontendSettings settings, FrontendChannelHandler handler) {
    boolean epoll = Epoll.isAvailable();
    int threads = settings.ioThreadCount();
    EventLoopGroup boss = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    EventLoopGroup workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ChannelGroup children = new DefaultChannelGroup("frontend-streams", GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(channelClass)
        .option(ChannelOption.SO_BACKLOG, settings.acceptBacklog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            children.add(channel);
            channel.pipeline()
                .addLast("codec", new HttpServerCodec(settings.maxRequestLineBytes(), settings.maxHeaderBytes(), 8192))
                .addLast("deadline", new RequestDeadline(settings.requestTimeout().toMillis()))
                .addLast("aggregator", new BoundedBodies((int) Math.min(Integer.MAX_VALUE, settings.maxDeliverBytes())))
                // Pipelined requests one at a time: while RouteBridge answers one (auto-read off),
                // the others already decoded wait here, so answers go out in request order.
                .addLast("one-at-a-time", new FlowControlHandler())
                .addLast("frontend", handler);
          }
        });
    CompletableFuture<StreamServer> started = new CompletableFuture<>();
    bootstrap.bind(new InetSocketAddress(settings.http().interfaceName(), settings.http().port()))
        .addListener(future -> {
          if (future.isSuccess()) {
            started.complete(new StreamServer(boss, workers, ((io.netty.channel.ChannelFuture) future).channel(),
                children));
          } else {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            started.completeExceptionally(future.cause());
          }
        });
    return started;
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting; open connections stay. */
  public CompletionStage<Void> unbind() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serverChannel.close().addListener(f -> done.complete(null));
    return done;
  }

  /** Closes every connection still open and stops the I/O threads. */
  public CompletionStage<Void> terminate() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    children.close().addListener(closed -> {
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> done.complete(null));
    });
    return done;
  }
}
