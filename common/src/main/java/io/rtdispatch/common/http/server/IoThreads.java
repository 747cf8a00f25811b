package io.rtdispatch.common.http.server;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The Netty threads every HTTP port of one node shares: one acceptor thread and
 * {@code rtd.http.io-threads} I/O threads (native epoll when available, NIO otherwise). One
 * instance per actor system, created with the first port and stopped when the system terminates
 * (within {@code rtd.http.io-shutdown-timeout}).
 */
public final class IoThreads implements Extension {

  private static final ExtensionId<IoThreads> ID = new ExtensionId<>() {
    @Override
    public IoThreads createExtension(ActorSystem<?> system) {
      return new IoThreads(system, ServerSettings.from(system.settings().config()));
    }
  };

  private final boolean epoll = Epoll.isAvailable();
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;

  private IoThreads(ActorSystem<?> system, ServerSettings settings) {
    int threads = settings.ioThreadCount();
    this.acceptor = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    this.workers = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    // No quiet period: nothing new arrives once the system has terminated; queued writes get the timeout.
    system.getWhenTerminated().thenRun(() -> {
      acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, settings.ioShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  public static IoThreads get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  EventLoopGroup acceptor() {
    return acceptor;
  }

  EventLoopGroup workers() {
    return workers;
  }

  Class<? extends ServerChannel> serverChannelClass() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
