package io.rtdispatch.common.http.server;

import akka.actor.typed.ActorSystem;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.rtdispatch.common.settings.HttpSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One HTTP port of a node, on Netty: the frontend's (browsers' SSE streams, subscriptions, demo
 * page), the dispatcher's (publishes) and the internal one (node-to-node batches).
 *
 * <p>Why Netty and not Akka HTTP: measured on this machine (docs/architecture.md, "The stream
 * transport"), an idle Akka HTTP SSE stream costs ~44 KB of heap and ~1 ms of CPU to set up, a
 * Netty channel ~2.5 KB and ~0.17 ms; and one server for every port means every answer below the
 * routes (malformed request line, 414, 431, 413, HTTP/2, slow senders) is the contract's JSON on every
 * port. Requests are parsed by Netty's {@link HttpServerCodec}; nothing here parses HTTP by hand.
 *
 * <p>Each connection's pipeline: codec, {@link RequestDeadline} ({@code rtd.http.request-timeout}),
 * {@link LingeringClose} (after an answer that closes the connection: nothing more processed, the
 * client's remaining bytes read and dropped so the answer is not lost to a TCP reset),
 * {@link BoundedBodies} (the port's body limit, JSON 413), one request at a time (pipelined
 * requests answered in order), then the shared {@link RequestDispatch}. A stream (SSE) leaves the
 * request-reading handlers behind with {@link #becomeStream}.
 */
public final class HttpServer {

  /** Name of the HTTP codec in every connection's pipeline; a stream writes its frames past it. */
  public static final String CODEC = "codec";
  private static final String DEADLINE = "deadline";
  private static final String LINGER = "linger";
  private static final String AGGREGATOR = "aggregator";
  private static final String ONE_AT_A_TIME = "one-at-a-time";

  private final Channel serverChannel;
  private final ChannelGroup children;

  private HttpServer(Channel serverChannel, ChannelGroup children) {
    this.serverChannel = serverChannel;
    this.children = children;
  }

  /**
   * Binds {@code listen}'s interface and port on the node's shared {@link IoThreads}.
   *
   * @param name the port's name in logs and thread-group names ("frontend", "dispatcher", "internal")
   * @param maxBodyBytes largest request body this port reads; beyond it 413 JSON
   * @param dispatch shared by every connection of this port
   * @return completes with the running server, or exceptionally (a {@link java.net.BindException}
   *     for a port in use) if the port cannot be bound
   */
  public static CompletionStage<HttpServer> start(ActorSystem<?> system, String name, HttpSettings listen,
      ServerSettings settings, long maxBodyBytes, RequestDispatch dispatch) {
    IoThreads threads = IoThreads.get(system);
    ChannelGroup children = new DefaultChannelGroup(name + "-connections", GlobalEventExecutor.INSTANCE);
    int maxBody = (int) Math.min(Integer.MAX_VALUE, maxBodyBytes);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(threads.acceptor(), threads.workers())
        .channel(threads.serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, settings.acceptBacklog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            children.add(channel);
            channel.pipeline()
                .addLast(CODEC, new HttpServerCodec(settings.maxRequestLineBytes(), settings.maxHeaderBytes(), 8192))
                .addLast(DEADLINE, new RequestDeadline(settings.requestTimeout().toMillis()))
                .addLast(LINGER, new LingeringClose(settings.requestTimeout().toMillis()))
                .addLast(AGGREGATOR, new BoundedBodies(maxBody, dispatch::allowOrigin))
                // Pipelined requests one at a time: while a route answers one (auto-read off),
                // the others already decoded wait here, so answers go out in request order.
                .addLast(ONE_AT_A_TIME, new FlowControlHandler())
                .addLast(name, dispatch);
          }
        });
    CompletableFuture<HttpServer> started = new CompletableFuture<>();
    bootstrap.bind(new InetSocketAddress(listen.interfaceName(), listen.port())).addListener(future -> {
      if (future.isSuccess()) {
        started.complete(new HttpServer(((ChannelFuture) future).channel(), children));
      } else {
        started.completeExceptionally(future.cause());
      }
    });
    return started;
  }

  /**
   * Turns the connection of {@code ctx} (a handler of this pipeline that has just written a stream's
   * response head) into a stream: the request deadline, body aggregation and one-at-a-time handlers
   * go, and {@code stream} takes the place of {@code ctx}'s handler.
   */
  public static void becomeStream(ChannelHandlerContext ctx, ChannelHandler stream) {
    // The stream handler first: removing the one-at-a-time handler hands on the requests it holds
    // (pipelined after this one), and they must reach the stream, which ignores them, not the
    // request dispatch, which would answer them into the stream or close it.
    ctx.pipeline().replace(ctx.handler(), "stream", stream);
    ctx.pipeline().remove(DEADLINE);
    ctx.pipeline().remove(LINGER);
    ctx.pipeline().remove(AGGREGATOR);
    ctx.pipeline().remove(ONE_AT_A_TIME);
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

  /** Closes every connection of this port still open. */
  public CompletionStage<Void> terminate() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    children.close().addListener(closed -> done.complete(null));
    return done;
  }
}
