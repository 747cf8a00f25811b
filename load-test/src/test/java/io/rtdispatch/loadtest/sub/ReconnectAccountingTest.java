package io.rtdispatch.loadtest.sub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.loadtest.pub.EventCodec;
import io.rtdispatch.loadtest.run.TargetKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect accounting of the churn and rolling-restart scenarios against a scripted SSE server on a real
 * socket: what a reconnect sends (Last-Event-ID as a browser does), and how live, recovered and duplicate events and
 * the connected frame's {@code recovered} flag are counted.
 */
class ReconnectAccountingTest {
  private ServerSocket server;
  private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(server.accept());
        }
      } catch (IOException e) {
        // closed at the end of the test
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws IOException {
    server.close();
  }

  @Test
  void aReconnectSendsTheLastEventIdAndTellsRecoveredFromLiveEvents() throws Exception {
    try (LocalFleet fleet = fleet(LastEventIdMode.HEADER)) {
      fleet.start();
      Socket first = next();
      String request = readRequest(first);
      assertFalse(request.toLowerCase().contains("last-event-id"), "a first connect has no id to send: " + request);
      long publishedWhileAway = EventCodec.nowMicros();
      sse(first, "event: connected\ndata: {\"connectionId\":\"c1\"}\n\n" + event("e-0", 0) + event("e-1", 1));
      await(fleet, c -> c.unique() == 2);
      first.close(); // the server ends the stream: the client reconnects after its delay

      Socket second = next();
      request = readRequest(second);
      assertTrue(request.contains("\r\nLast-Event-ID: e-1\r\n"), "the last id received is sent back: " + request);
      sse(second, "event: connected\ndata: {\"connectionId\":\"c2\",\"recovered\":true}\n\n"
          + "id: e-2\ndata: {\"lt\":[2," + publishedWhileAway + "]}\n\n" // replayed: published before the reconnect
          + event("e-1", 1) // sent again: a duplicate
          + event("e-3", 3)); // live
      Counters c = await(fleet, n -> n.unique() == 4 && n.duplicates() == 1);
      assertEquals(1, c.recovered(), "only the event published before the reconnect counts as recovered");
      assertEquals(1, c.resumeRequests());
      assertEquals(1, c.recoveredTrue());
      assertEquals(0, c.recoveredFalse());
      assertEquals(1, c.serverCloses());
      assertTrue(c.longestGapMicros() > 0, "the time without a stream is measured");
      second.close();
    }
  }

  @Test
  void theQueryFormAndNoneSendTheIdOrNothing() throws Exception {
    for (LastEventIdMode mode : List.of(LastEventIdMode.QUERY, LastEventIdMode.NONE)) {
      try (LocalFleet fleet = fleet(mode)) {
        fleet.start();
        Socket first = next();
        readRequest(first);
        sse(first, "event: connected\ndata: {\"connectionId\":\"c1\"}\n\n" + event("a b/1", 0));
        await(fleet, c -> c.unique() == 1);
        first.close();
        Socket second = next();
        String line = readRequest(second).lines().findFirst().orElseThrow();
        if (mode == LastEventIdMode.QUERY) {
          assertTrue(line.contains("/connect?topic=t0&lastEventId=a+b%2F1 "), line);
        } else {
          assertFalse(line.contains("lastEventId"), line);
        }
        second.close();
      }
    }
  }

  private LocalFleet fleet(LastEventIdMode mode) {
    String url = "http://127.0.0.1:" + server.getLocalPort();
    return new LocalFleet(new FleetConfig(TargetKind.RTD, List.of(url), "t", new int[] {0}, 0, 1, 1, 0, true, 50,
        10_000, Integer.MAX_VALUE, 0, mode), false);
  }

  private static String event(String id, long seq) {
    return "id: " + id + "\ndata: {\"lt\":[" + seq + "," + EventCodec.nowMicros() + "]}\n\n";
  }

  private Socket next() throws InterruptedException {
    Socket s = accepted.poll(30, TimeUnit.SECONDS);
    assertTrue(s != null, "the client connected");
    return s;
  }

  private static String readRequest(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.UTF_8).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early: " + head);
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.UTF_8);
  }

  /** Writes a plain (not chunked) event-stream response head and the frames. */
  private static void sse(Socket s, String frames) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + frames)
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Counters await(LocalFleet fleet, Predicate<Counters> done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Counters c = fleet.snapshot().counters();
    while (!done.test(c) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      c = fleet.snapshot().counters();
    }
    assertTrue(done.test(c), "counters reached the expected state: " + c);
    return c;
  }
}
