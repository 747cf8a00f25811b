package io.rtdispatch.common.testing;

import io.rtdispatch.tools.sse.SseListener;
import io.rtdispatch.tools.sse.SseParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent-Events client over a plain socket, as a browser's EventSource sees the stream:
 * HTTP/1.1, chunked or not, frames parsed by the load tool's {@link SseParser}. Tests use it instead of
 * an HTTP library so that what is asserted is the bytes on the wire.
 *
 * <p>{@link #openWithoutReading} opens a stream and never reads it, with a small receive buffer:
 * the slow reader of back-pressure tests.
 */
public final class SseTestClient implements Closeable {

  /** One dispatched SSE frame; {@code comment} frames are heartbeats. */
  public record Frame(String id, String event, String data, Long retry, boolean comment) {}

  private final Socket socket;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private volatile boolean ended;
  private volatile long endedAtNanos;
  private HttpHead head;

  private SseTestClient(Socket socket) {
    this.socket = socket;
  }

  /** Opens a stream and reads it; {@code headers} are extra request headers (name, value, …). */
  public static SseTestClient open(InetSocketAddress server, String pathAndQuery, String... headers)
      throws IOException {
    SseTestClient client = new SseTestClient(new Socket());
    client.socket.connect(server, 5000);
    client.request(server, pathAndQuery, headers);
    return client.startReading();
  }

  public static SseTestClient openWithoutReading(InetSocketAddress server, String pathAndQuery) throws IOException {
    SseTestClient client = new SseTestClient(new Socket());
    client.socket.setReceiveBufferSize(4096);
    client.socket.connect(server, 5000);
    client.request(server, pathAndQuery);
    return client;
  }

  /**
   * Starts reading a stream opened {@link #openWithoutReading without reading}: its head at once,
   * then its frames as they come (a client that was idle and catches up).
   */
  public SseTestClient startReading() throws IOException {
    InputStream in = socket.getInputStream();
    head = HttpHead.read(in);
    Thread reader = new Thread(() -> readBody(in), "sse-client-" + socket.getLocalPort());
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  public int status() {
    return head.status();
  }

  public String header(String name) {
    return head.header(name);
  }

  /** The next frame, or an AssertionError after {@code timeout}. */
  public Frame next(Duration timeout) throws InterruptedException {
    Frame frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError("no SSE frame within " + timeout + (ended ? " (stream ended)" : ""));
    }
    return frame;
  }

  /** The next frame matching {@code wanted}, skipping others (heartbeats, for example). */
  public Frame next(Predicate<Frame> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Frame frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        throw new AssertionError("no matching SSE frame within " + timeout + (ended ? " (stream ended)" : ""));
      }
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** Frames without an event name and not comments: what {@code EventSource.onmessage} gets. */
  public List<Frame> messages(int count, Duration timeout) throws InterruptedException {
    List<Frame> result = new ArrayList<>();
    while (result.size() < count) {
      result.add(next(f -> !f.comment() && f.event() == null, timeout));
    }
    return result;
  }

  /**
   * Every frame before the events with the ids {@code canaries} have all arrived (the canaries
   * themselves left out); an AssertionError if they do not arrive within {@code timeout}. For
   * asserting that nothing (more) came: publish the canaries after whatever must not arrive, on the
   * same topic through the same dispatchers (a dispatcher delivers one topic's events in publish
   * order), and their arrival proves an earlier event would have arrived before them.
   */
  public List<Frame> framesBefore(Collection<String> canaries, Duration timeout) throws InterruptedException {
    Set<String> missing = new HashSet<>(canaries);
    List<Frame> before = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!missing.isEmpty()) {
      long left = deadline - System.nanoTime();
      Frame frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        throw new AssertionError("canary events " + missing + " did not arrive within " + timeout
            + (ended ? " (stream ended)" : "") + "; frames before: " + before);
      }
      if (frame.id() == null || !missing.remove(frame.id())) {
        before.add(frame);
      }
    }
    return before;
  }

  /** Every frame that arrives within {@code window}; prefer {@link #framesBefore} to assert that nothing comes. */
  public List<Frame> drain(Duration window) throws InterruptedException {
    List<Frame> result = new ArrayList<>();
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Frame frame = frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame != null) {
        result.add(frame);
      }
    }
    return result;
  }

  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return ended;
  }

  /** When the stream's end was read ({@link System#nanoTime()}); 0 while it goes on. */
  public long endedAtNanos() {
    return endedAtNanos;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void request(InetSocketAddress server, String pathAndQuery, String... headers) throws IOException {
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      extra.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n" + extra + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void readBody(InputStream in) {
    SseParser parser = new SseParser(new FrameCollector(frames));
    try {
      if ("chunked".equalsIgnoreCase(header("transfer-encoding"))) {
        while (true) {
          int size = Integer.parseInt(HttpHead.readLine(in).split(";")[0].trim(), 16);
          if (size == 0) {
            break;
          }
          byte[] chunk = in.readNBytes(size);
          parser.feed(chunk, 0, chunk.length);
          HttpHead.readLine(in);
        }
      } else if (header("content-length") != null) {
        byte[] body = in.readNBytes(Integer.parseInt(header("content-length")));
        parser.feed(body, 0, body.length);
      } else {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          parser.feed(buffer, 0, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      // socket closed by the test or the server
    } finally {
      endedAtNanos = System.nanoTime();
      ended = true;
    }
  }

  /**
   * Turns the parser's callbacks into {@link Frame}s: one per frame that had data, an id, a retry or a comment
   * (a comment frame is one with a comment and no data).
   */
  private static final class FrameCollector implements SseListener {
    private final BlockingQueue<Frame> sink;
    private String event;
    private String data;
    private Long retry;
    private boolean comment;

    FrameCollector(BlockingQueue<Frame> sink) {
      this.sink = sink;
    }

    @Override
    public void onEvent(String eventType, String lastEventId, byte[] bytes, int offset, int length) {
      event = eventType;
      data = new String(bytes, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public void onComment(byte[] line, int offset, int length) {
      comment = true;
    }

    @Override
    public void onRetry(long millis) {
      retry = millis;
    }

    @Override
    public void onFrameEnd(String id) {
      if (data != null || id != null || retry != null || comment) {
        sink.add(new Frame(id, event, data, retry, comment && data == null));
      }
      event = null;
      data = null;
      retry = null;
      comment = false;
    }
  }
}
