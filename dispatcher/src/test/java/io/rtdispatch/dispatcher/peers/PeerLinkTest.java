package io.rtdispatch.dispatcher.peers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.sun.net.httpserver.HttpServer;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.link.LinkSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The peer link's circuit breaker against a real HTTP server standing in for the peer's dispatcher:
 * after {@code max-failures} failed batches in a row the circuit opens and batches are dropped
 * (counted, reason {@code circuit-open}) without a request to the peer; after {@code reset-timeout}
 * a trial batch goes out, and once the peer accepts it the circuit closes and events are forwarded;
 * a failed trial opens it again. Failures count in a row (a success in between starts over), and a
 * batch fails only when no dispatcher of the peer took it: one that refuses connections is skipped.
 */
class PeerLinkTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Duration RESET = Duration.ofMillis(500);

  private ActorTestKit testKit;
  private HttpServer peer;
  private Metrics metrics;
  private PeerLink link;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int answer = 500;

  @BeforeEach
  void start() throws Exception {
    testKit = ActorTestKit.create("PeerLinkTest");
    peer = server(requests, () -> answer);
    metrics = new Metrics("dc-here");
    link = link(List.of(url(peer)));
  }

  /** A stand-in for one of the peer's dispatchers: counts its requests and answers {@code status}. */
  private HttpServer server(AtomicInteger count, IntSupplier status) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/internal/peer-publish", exchange -> {
      exchange.getRequestBody().readAllBytes();
      count.incrementAndGet();
      exchange.sendResponseHeaders(status.getAsInt(), -1);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A link to the peer's dispatchers at {@code urls}: one event a batch, circuit open after 2 failed batches. */
  private PeerLink link(List<String> urls) {
    PeerSettings settings = new PeerSettings(Map.of("dc-peer", urls),
        new LinkSettings(100, 1 << 20, 1, Duration.ofSeconds(5)), 2, RESET, "");
    return new PeerLink(testKit.system(), "dc-here", "dc-peer", urls, settings, Duration.ofSeconds(2),
        metrics, new ByteBudget(Long.MAX_VALUE));
  }

  @AfterEach
  void stop() {
    peer.stop(0);
    testKit.shutdownTestKit();
    metrics.close();
  }

  @Test
  void theCircuitOpensAfterMaxFailuresDropsWithoutCallingThePeerAndClosesAfterASuccessfulTrial() throws Exception {
    link.offer(event("e1"));
    await(() -> requests.get() == 1 && metric("rtd_peer_forward_failures_total", "") == 1, "first failure");
    link.offer(event("e2"));
    await(() -> requests.get() == 2 && metric("rtd_peer_circuit_open", "") == 1, "circuit open after 2 failures");

    link.offer(event("e3"));
    await(() -> metric("rtd_peer_drops_total", "reason=\"circuit-open\"") == 1, "dropped while open");
    assertEquals(2, requests.get(), "no request to the peer while the circuit is open");

    answer = 204;
    long deadline = System.nanoTime() + WAIT.toNanos();
    int n = 4;
    while (metric("rtd_peer_events_forwarded_total", "") < 1) {
      if (System.nanoTime() > deadline) {
        fail("no event forwarded after the reset timeout; requests " + requests.get() + "\n" + metrics.scrape());
      }
      link.offer(event("e" + n++)); // one of these is the trial batch once reset-timeout has passed
      Thread.sleep(RESET.toMillis() / 5);
    }
    await(() -> metric("rtd_peer_circuit_open", "") == 0, "circuit closed after the successful trial");
    assertEquals(2, metric("rtd_peer_forward_failures_total", ""), "failures are the two real ones only");
  }

  @Test
  void aSuccessInBetweenResetsTheCountOfFailuresInARow() throws Exception {
    link.offer(event("e1"));
    await(() -> metric("rtd_peer_forward_failures_total", "") == 1, "first failure");
    answer = 204;
    link.offer(event("e2"));
    await(() -> metric("rtd_peer_events_forwarded_total", "") == 1, "e2 forwarded");
    answer = 500;
    link.offer(event("e3"));
    await(() -> metric("rtd_peer_forward_failures_total", "") == 2, "second failure, not in a row");
    answer = 204;
    link.offer(event("e4"));
    await(() -> metric("rtd_peer_events_forwarded_total", "") == 2, "e4 forwarded: the circuit stayed closed");
    assertEquals(0, metric("rtd_peer_drops_total", "reason=\"circuit-open\""));
    assertEquals(4, requests.get());
  }

  @Test
  void aFailedTrialOpensTheCircuitAgain() throws Exception {
    link.offer(event("e1"));
    link.offer(event("e2"));
    await(() -> requests.get() == 2 && metric("rtd_peer_circuit_open", "") == 1, "circuit open after 2 failures");
    long deadline = System.nanoTime() + WAIT.toNanos();
    int n = 3;
    while (requests.get() < 3) { // the peer still fails: one of these is the trial batch after reset-timeout
      if (System.nanoTime() > deadline) {
        fail("no trial batch after the reset timeout\n" + metrics.scrape());
      }
      link.offer(event("e" + n++));
      Thread.sleep(RESET.toMillis() / 5);
    }
    await(() -> metric("rtd_peer_forward_failures_total", "") == 3 && metric("rtd_peer_circuit_open", "") == 1,
        "the failed trial counted and the circuit open again");
    double dropped = metric("rtd_peer_drops_total", "reason=\"circuit-open\"");
    link.offer(event("after"));
    await(() -> metric("rtd_peer_drops_total", "reason=\"circuit-open\"") == dropped + 1, "dropped while open again");
    assertEquals(3, requests.get(), "only the trial reached the peer");
    assertEquals(0, metric("rtd_peer_events_forwarded_total", ""));
  }

  @Test
  void aDispatcherThatRefusesConnectionsIsSkippedForTheNextAndIsNoFailureOfThePeer() throws Exception {
    String closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "http://127.0.0.1:" + socket.getLocalPort(); // nothing listens there once closed
    }
    AtomicInteger accepted = new AtomicInteger();
    HttpServer accepting = server(accepted, () -> 204);
    try {
      PeerLink twoDispatchers = link(List.of(closed, url(accepting)));
      twoDispatchers.offer(event("e1"));
      await(() -> metric("rtd_peer_events_forwarded_total", "") == 1, "e1 forwarded by the second dispatcher");
      twoDispatchers.offer(event("e2"));
      await(() -> metric("rtd_peer_events_forwarded_total", "") == 2, "e2 forwarded");
      assertEquals(2, accepted.get());
      assertEquals(0, metric("rtd_peer_forward_failures_total", ""), "the peer took every batch");
    } finally {
      accepting.stop(0);
    }
  }

  @Test
  void aDispatcherThatAnswers503IsSkippedForTheNextButAPermanentRefusalIsNot() throws Exception {
    AtomicInteger draining = new AtomicInteger();
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger status = new AtomicInteger(503);
    HttpServer first = server(draining, status::get); // draining: 503, took nothing
    HttpServer second = server(accepted, () -> 204);
    try {
      PeerLink twoDispatchers = link(List.of(url(first), url(second)));
      twoDispatchers.offer(event("e1"));
      await(() -> metric("rtd_peer_events_forwarded_total", "") == 1, "e1 forwarded by the second dispatcher");
      assertEquals(1, accepted.get());
      assertEquals(0, metric("rtd_peer_forward_failures_total", ""), "a draining dispatcher is no failure of the peer");

      status.set(400); // what the first refuses as malformed, the second would too: not posted twice
      PeerLink refusedOnce = link(List.of(url(first), url(second)));
      refusedOnce.offer(event("e2"));
      await(() -> metric("rtd_peer_forward_failures_total", "") == 1, "e2 refused");
      assertEquals(1, accepted.get(), "the second dispatcher was not asked after a 400");
    } finally {
      first.stop(0);
      second.stop(0);
    }
  }

  private static Event event(String id) {
    return Event.create(id, "live:42", "like", "{\"n\":1}".getBytes(UTF_8), 1700000000000L);
  }

  /** The sum of the samples of {@code name} whose labels contain {@code labels}, from the node's own scrape. */
  private double metric(String name, String labels) {
    double sum = 0;
    for (String line : metrics.scrape().split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(labels)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
