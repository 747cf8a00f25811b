package io.rtdispatch.node;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.SseTestClient.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that reconnects the way a browser's {@code EventSource} does (HTML standard 9.2.3):
 * when its stream ends, or a connection attempt fails, it waits the last {@code retry:} time it was
 * given and connects again, sending {@code Last-Event-ID: <the last id it got>}. Like a load
 * balancer, each attempt goes to the next frontend of the list. Runs on its own thread until closed.
 */
final class BrowserLikeClient implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final List<InetSocketAddress> frontends;
  private final String topic;
  private final Thread thread;
  private final List<String> received = new ArrayList<>();
  private final CompletableFuture<Void> firstConnected = new CompletableFuture<>();
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicInteger notOk = new AtomicInteger();
  private final AtomicInteger incomplete = new AtomicInteger();
  private final AtomicInteger retryOnly = new AtomicInteger();
  private final List<String> history = new ArrayList<>();
  private volatile boolean running = true;
  private volatile long retryMillis = 3000; // a browser's default until a retry: field says otherwise
  private int next;

  /** Starts at {@code frontends.get(first)}; follows the list round-robin on every reconnect. */
  BrowserLikeClient(List<InetSocketAddress> frontends, int first, String topic) {
    this.frontends = List.copyOf(frontends);
    this.next = first;
    this.topic = topic;
    this.thread = new Thread(this::run, "browser-" + topic + "-" + first);
    thread.setDaemon(true);
    thread.start();
  }

  String topic() {
    return topic;
  }

  /** Completes when the first stream's {@code connected} frame arrived. */
  CompletableFuture<Void> connected() {
    return firstConnected;
  }

  /** Event ids received so far, in order, duplicates included. */
  synchronized List<String> received() {
    return List.copyOf(received);
  }

  /** Streams that got a {@code connected} frame. */
  int streams() {
    return streams.get();
  }

  /** Answers to {@code /connect} other than 200: a browser would give up for good on them. */
  int notOk() {
    return notOk.get();
  }

  /** Reconnects whose connected frame said {@code "recovered":false}. */
  int incomplete() {
    return incomplete.get();
  }

  /** Frames holding only {@code retry:}: what a draining frontend sends a stream just before ending it. */
  int retryOnlyFrames() {
    return retryOnly.get();
  }

  /** Each stream in turn: the port, the last id sent, the connected frame's data; for failure messages. */
  synchronized List<String> history() {
    return List.copyOf(history);
  }

  private void run() {
    while (running) {
      InetSocketAddress target = frontends.get(Math.floorMod(next++, frontends.size()));
      String last = lastId();
      String[] headers = last == null ? new String[0] : new String[] {"Last-Event-ID", last};
      synchronized (this) {
        history.add(target.getPort() + " after " + last);
      }
      try (SseTestClient stream = SseTestClient.open(target, "/connect?topic=" + topic, headers)) {
        if (stream.status() != 200) {
          notOk.incrementAndGet();
        } else {
          read(stream);
        }
      } catch (IOException e) {
        // the node is down: a browser retries after its reconnection time
      } catch (InterruptedException e) {
        return;
      }
      pause(retryMillis);
    }
  }

  private void read(SseTestClient stream) throws InterruptedException {
    while (running) {
      Frame frame;
      try {
        frame = stream.next(f -> !f.comment(), POLL);
      } catch (AssertionError quiet) {
        if (stream.awaitEnd(Duration.ZERO)) {
          stream.drain(Duration.ofMillis(1)).forEach(this::take);
          return;
        }
        continue;
      }
      take(frame);
    }
  }

  private void take(Frame frame) {
    if (frame.retry() != null) {
      retryMillis = frame.retry();
      if (frame.event() == null && frame.data() == null) {
        retryOnly.incrementAndGet();
      }
    }
    if ("connected".equals(frame.event()) || "refused".equals(frame.event())) {
      synchronized (this) {
        history.add(frame.event() + " " + frame.data());
      }
    }
    if ("connected".equals(frame.event())) {
      streams.incrementAndGet();
      if (frame.data().contains("\"recovered\":false") && lastId() != null) {
        incomplete.incrementAndGet();
      }
      firstConnected.complete(null);
    } else if (frame.event() == null && frame.data() != null && frame.id() != null) {
      synchronized (this) {
        received.add(frame.id());
      }
    }
  }

  private synchronized String lastId() {
    return received.isEmpty() ? null : received.get(received.size() - 1);
  }

  private void pause(long millis) {
    try {
      Thread.sleep(Math.max(1, millis) + ThreadLocalRandom.current().nextInt(10));
    } catch (InterruptedException e) {
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5000);
  }
}
