package io.rtdispatch.loadtest.sub;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A subscriber connection's socket, for the {@link SubscriberEngine}: opened non-blocking with the tool's options
 * (no Nagle, reusable local address, the connection's receive buffer, bound to its source address: the fleet spreads
 * clients over several for more ephemeral ports), and closed without caring whether it still was open.
 */
final class SubscriberSockets {

  private SubscriberSockets() {}

  /**
   * Opens {@code c}'s socket, starts connecting to its current frontend and registers it with {@code selector}:
   * for writing the request if it connected at once, else for the connect's end.
   *
   * @throws IOException when the socket cannot be opened, bound or connected
   */
  static void open(SubscriberConnection c, Selector selector) throws IOException {
    SocketChannel ch = SocketChannel.open();
    c.channel = ch;
    ch.configureBlocking(false);
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    if (c.receiveBuffer > 0) {
      ch.setOption(StandardSocketOptions.SO_RCVBUF, c.receiveBuffer);
    }
    ch.bind(c.local);
    if (ch.connect(c.remote())) {
      ch.register(selector, SelectionKey.OP_WRITE, c);
    } else {
      ch.register(selector, SelectionKey.OP_CONNECT, c);
    }
  }

  /** Closes {@code c}'s socket if it has one and forgets it. */
  static void closeQuietly(SubscriberConnection c) {
    if (c.channel != null) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // already gone
      }
      c.channel = null;
    }
  }
}
