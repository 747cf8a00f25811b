package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.http.ResponseDecoder;
import io.rtdispatch.loadtest.pub.EventCodec;
import io.rtdispatch.loadtest.run.Target;
import io.rtdispatch.tools.sse.SseListener;
import io.rtdispatch.tools.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One SSE stream subscribed to up to 100 topics of our frontend ({@code GET /connect?topic=…}), counting the load
 * test's events it receives: a cheap check that what a throughput scenario publishes also arrives. With no topics it
 * opens nothing and counts 0.
 */
public final class SubscriberTap implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final LongAdder delivered = new LongAdder();
  private final CountDownLatch connected = new CountDownLatch(1);
  private final Socket socket;
  private final Thread reader;

  private SubscriberTap(Socket socket) {
    this.socket = socket;
    this.reader = socket == null ? null : new Thread(this::read, "subscriber-tap");
    if (reader == null) {
      connected.countDown();
    } else {
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** Opens the stream on {@code frontend} (base URL); throws when the frontend cannot be reached. */
  public static SubscriberTap open(URI frontend, List<String> topics) throws IOException {
    if (topics.isEmpty()) {
      return new SubscriberTap(null);
    }
    StringBuilder target = new StringBuilder("/connect?");
    for (String topic : topics) {
      target.append(target.length() > 9 ? "&" : "").append("topic=").append(URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(frontend.getHost(), Target.port(frontend)), CONNECT_TIMEOUT_MILLIS);
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + target + " HTTP/1.1\r\nHost: " + frontend.getHost() + "\r\nAccept: text/event-stream\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return new SubscriberTap(socket);
  }

  /** Waits for the stream's {@code connected} frame; false if it did not come within {@code millis}. */
  public boolean awaitConnected(long millis) throws InterruptedException {
    return connected.await(millis, TimeUnit.MILLISECONDS);
  }

  /** Load-test events received so far. */
  public long delivered() {
    return delivered.sum();
  }

  private void read() {
    long[] decoded = new long[2];
    SseParser parser = new SseParser(new SseListener() {
      @Override
      public void onEvent(String eventType, String lastEventId, byte[] data, int offset, int length) {
        if (EventCodec.decode(data, offset, length, decoded)) {
          delivered.increment();
        } else if ("connected".equals(eventType)) {
          connected.countDown(); // sent once the topics are routable (docs/api.md)
        }
      }

      @Override
      public void onComment(byte[] line, int offset, int length) {
      }

      @Override
      public void onRetry(long millis) {
      }
    });
    ResponseDecoder decoder = new ResponseDecoder(parser::feed);
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int offset = 0;
        while (offset < n) {
          int used = decoder.feed(buffer, offset, n - offset);
          if (decoder.isComplete()) {
            return; // the response ended (not a stream): nothing more to count
          }
          if (used <= 0) {
            break; // the decoder waits for more bytes
          }
          offset += used;
        }
      }
    } catch (IOException e) {
      // closed by close() or by the server: the count stays what it was
    }
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
  }
}
