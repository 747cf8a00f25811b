package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.http.HttpProtocolException;
import io.rtdispatch.loadtest.http.ResponseHead;
import io.rtdispatch.loadtest.pub.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * One I/O thread driving many subscriber connections through a single selector.
 *
 * <p>A thread per connection would cost a stack and a scheduler entry per client and make the generator the
 * bottleneck long before the server; a selector thread handles tens of thousands of mostly idle streams. Connects
 * are paced (a ramp) so the server's accept backlog is not the thing under test, except in storms, where all
 * reconnects start at once on purpose. Other threads talk to the engine only through {@link #call}, which runs a
 * function on the engine thread and returns its result, so connection state needs no locks.
 */
final class SubscriberEngine implements Runnable {
  private static final int READ_BUFFER = 64 * 1024;
  private static final long HOUSEKEEPING_NANOS = 100_000_000L;

  final SubscriberStats stats = new SubscriberStats();
  final List<SubscriberConnection> connections;
  private final double connectsPerSecond;
  private final boolean reconnect;
  private final long reconnectDelayNanos;
  private final long connectTimeoutNanos;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;
  private int nextToStart;
  private long rampStartNanos;
  private long lastHousekeeping;

  SubscriberEngine(List<SubscriberConnection> connections, double connectsPerSecond, boolean reconnect,
      long reconnectDelayMillis, long connectTimeoutMillis) throws IOException {
    this.connections = connections;
    this.connectsPerSecond = connectsPerSecond;
    this.reconnect = reconnect;
    this.reconnectDelayNanos = reconnectDelayMillis * 1_000_000L;
    this.connectTimeoutNanos = connectTimeoutMillis * 1_000_000L;
    this.selector = Selector.open();
  }

  /** Runs {@code fn} on the engine thread and completes with its result. */
  <T> CompletableFuture<T> call(Function<SubscriberEngine, T> fn) {
    CompletableFuture<T> result = new CompletableFuture<>();
    tasks.add(() -> {
      try {
        result.complete(fn.apply(this));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    selector.wakeup();
    return result;
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    rampStartNanos = System.nanoTime();
    try {
      while (running) {
        long now = System.nanoTime();
        startDueConnects(now);
        runTasks();
        if (now - lastHousekeeping > HOUSEKEEPING_NANOS) {
          housekeeping(now);
          lastHousekeeping = now;
        }
        selector.select(nextToStart < connections.size() ? 1 : 50);
        handleSelected();
      }
    } catch (IOException e) {
      throw new IllegalStateException("selector failed", e);
    } finally {
      for (SubscriberConnection c : connections) {
        SubscriberSockets.closeQuietly(c);
        c.state = SubscriberConnection.State.CLOSED;
      }
      runTasks();
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** Closes the given share of open streams and reconnects them at once (a reconnect storm). */
  int storm(double fraction) {
    int count = 0;
    long now = System.nanoTime();
    for (int i = 0; i < connections.size(); i++) {
      SubscriberConnection c = connections.get(i);
      if (c.isOpenReader() && (i % 1000) < fraction * 1000) {
        closeStream(c);
        c.afterStorm = true;
        stats.reconnects++;
        connect(c, now);
        count++;
      }
    }
    return count;
  }

  private void startDueConnects(long now) {
    if (nextToStart >= connections.size()) {
      return;
    }
    long allowed = connectsPerSecond <= 0 ? connections.size()
        : (long) ((now - rampStartNanos) / 1e9 * connectsPerSecond) + 1;
    while (nextToStart < connections.size() && nextToStart < allowed) {
      connect(connections.get(nextToStart++), now);
    }
  }

  private void connect(SubscriberConnection c, long now) {
    stats.connectAttempts++;
    c.startAttempt(now);
    try {
      SubscriberSockets.open(c, selector);
    } catch (IOException e) {
      fail(c);
    }
  }

  private void handleSelected() {
    var keys = selector.selectedKeys();
    if (keys.isEmpty()) {
      return;
    }
    long receiveMicros = EventCodec.nowMicros();
    for (SelectionKey key : keys) {
      SubscriberConnection c = (SubscriberConnection) key.attachment();
      try {
        if (!key.isValid()) {
          continue;
        }
        if (key.isConnectable()) {
          c.channel.finishConnect();
          key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
          c.channel.write(c.pendingWrite);
          if (!c.pendingWrite.hasRemaining()) {
            c.pendingWrite = null;
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (key.isValid() && key.isReadable()) {
          read(c, receiveMicros);
        }
      } catch (IOException e) {
        lost(c);
      } catch (HttpProtocolException e) {
        stats.protocolErrors++;
        lost(c);
      }
    }
    keys.clear();
  }

  private void read(SubscriberConnection c, long receiveMicros) throws IOException {
    for (int round = 0; round < 4; round++) {
      readBuffer.clear();
      int n = c.channel.read(readBuffer);
      if (n < 0) {
        lost(c);
        return;
      }
      if (n == 0) {
        return;
      }
      int offset = 0;
      if (c.state != SubscriberConnection.State.STREAMING) {
        // The stream counts as open before any frame that came in the same read is processed.
        offset = c.onHeadBytes(readBuffer.array(), 0, n);
        ResponseHead head = c.head();
        if (head == null) {
          return;
        }
        if (head.status() != 200 || !head.isEventStream()) {
          fail(c);
          return;
        }
        opened(c);
      }
      if (!c.stallRequested) {
        c.onBodyBytes(readBuffer.array(), offset, n - offset, receiveMicros);
      }
      if (c.stallRequested) {
        stall(c);
        return;
      }
      if (n < READ_BUFFER) {
        return;
      }
    }
  }

  private void opened(SubscriberConnection c) {
    long now = System.nanoTime();
    c.state = SubscriberConnection.State.STREAMING;
    c.openedNanos = now;
    stats.streamsOpened++;
    stats.openNow++;
    if (c.readyAtHead) {
      c.markReady(now);
    }
  }

  /** A slow reader's stream is set up: from now on nothing is read from it, so the server's buffers fill. */
  private void stall(SubscriberConnection c) {
    SelectionKey key = c.channel == null ? null : c.channel.keyFor(selector);
    if (key != null && key.isValid()) {
      key.interestOps(0);
    }
    c.stallRequested = false;
    c.stalledNow = true;
    stats.stalled++;
  }

  /** An open stream or a connect attempt ended unexpectedly: the reconnect goes to the next frontend. */
  private void lost(SubscriberConnection c) {
    if (c.state == SubscriberConnection.State.STREAMING) {
      closeStream(c);
      stats.serverCloses++;
      c.moveToNextFrontend();
      scheduleReconnect(c);
    } else {
      fail(c);
    }
  }

  private void fail(SubscriberConnection c) {
    stats.connectFailures++;
    SubscriberSockets.closeQuietly(c);
    c.moveToNextFrontend();
    scheduleReconnect(c);
  }

  private void scheduleReconnect(SubscriberConnection c) {
    if (reconnect && running) {
      c.state = SubscriberConnection.State.WAIT_RECONNECT;
      c.reconnectAtNanos = System.nanoTime() + (c.retryMillis >= 0 ? c.retryMillis * 1_000_000L : reconnectDelayNanos);
    } else {
      c.state = SubscriberConnection.State.CLOSED;
    }
  }

  private void closeStream(SubscriberConnection c) {
    stats.openNow--;
    c.markStreamEnded(System.nanoTime());
    if (c.stalledNow) {
      c.stalledNow = false;
      stats.stalled--;
    }
    SubscriberSockets.closeQuietly(c);
    c.state = SubscriberConnection.State.CLOSED;
  }

  private void housekeeping(long now) {
    for (SubscriberConnection c : connections) {
      if (c.state == SubscriberConnection.State.CONNECTING && now - c.connectStartNanos > connectTimeoutNanos) {
        fail(c);
      } else if (c.state == SubscriberConnection.State.WAIT_RECONNECT && now >= c.reconnectAtNanos) {
        stats.reconnects++;
        connect(c, now);
      }
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      task.run();
    }
  }

  /** True once every connection has been started and none is still connecting. */
  boolean connectPhaseDone() {
    return nextToStart >= connections.size() && Slots.noneConnecting(connections);
  }

  List<Integer> pendingTopics() {
    return Slots.pendingTopics(connections);
  }

  List<Integer> markMeasureStart() {
    return Slots.markMeasureStart(connections);
  }
}
