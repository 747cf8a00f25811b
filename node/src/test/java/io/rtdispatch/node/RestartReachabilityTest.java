package io.rtdispatch.node;

import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A frontend killed (kill -9), left dead for a while and restarted on the same address is
 * reachable at once: while events are being published all along, a client of the new
 * incarnation gets its first event
 * within moments of the node being ready, and never an event older than the dispatcher's link
 * request timeout (nothing queued for the dead incarnation is delivered late).
 *
 * <p>Prints MEASURED lines: first event after the restarted node answered /ready, and after the
 * dispatcher first routed the topic to it; the oldest event the new client received.
 */
class RestartReachabilityTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration FIRST_EVENT_BOUND = Duration.ofSeconds(5);
  private static final Duration WATCH = Duration.ofSeconds(3);
  /**
   * How long the frontend stays dead. Long enough for an HTTP client that backs off reconnecting
   * (Akka HTTP's host pool did, up to minutes) to be in a long back-off when the node returns.
   */
  private static final Duration DOWNTIME = Duration.ofSeconds(20);
  private static final String TOPIC = "live:reach";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRestartedFrontendGetsFreshEventsAtOnce() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-reach", 2, 1))).stream()
        .map(spec -> spec.dispatcher() ? spec.withEnv("RTD_FRONTEND_REQUEST_TIMEOUT", REQUEST_TIMEOUT.toMillis() + "ms")
            : spec)
        .toList();
    try (LocalProcesses dc = new LocalProcesses(specs, "reach").startAll();
        Publisher publisher = new Publisher(dispatcher(dc.node("dc-reach-dispatcher-1")))) {
      NodeProcess restarted = dc.node("dc-reach-frontend-2");
      InetSocketAddress fe = frontend(restarted);
      InetSocketAddress d = internal(dc.node("dc-reach-dispatcher-1"));

      try (SseTestClient before = DataCenterClusterTest.open(fe, TOPIC)) {
        TestNodes.awaitRoutes(d, TOPIC, 1);
        publisher.start();
        before.messages(3, TestNodes.WAIT); // events flow to the first incarnation
        restarted.kill();
      }
      Thread.sleep(DOWNTIME.toMillis()); // publishing goes on; the dispatcher keeps trying, then stops routing
      restarted.start();
      restarted.awaitReady(LocalProcesses.READY);
      long ready = System.nanoTime();
      AtomicLong routable = watchRoutes(d);

      try (SseTestClient after = DataCenterClusterTest.open(fe, TOPIC)) {
        SseTestClient.Frame first = after.messages(1, FIRST_EVENT_BOUND.plusSeconds(1)).get(0);
        long firstAt = System.nanoTime();
        long oldest = Math.max(age(first), oldestWithin(after, WATCH));
        long sinceReady = (firstAt - ready) / 1_000_000;
        long sinceRoutable = routable.get() == 0 ? -1 : (firstAt - routable.get()) / 1_000_000;
        System.out.println("MEASURED restart reachability: first event " + sinceReady + " ms after /ready, "
            + sinceRoutable + " ms after the dispatcher first routed the topic to the new incarnation; oldest event"
            + " received " + oldest + " ms old (link request timeout " + REQUEST_TIMEOUT.toMillis() + " ms)");
        assertTrue(sinceReady <= FIRST_EVENT_BOUND.toMillis(), "first event " + sinceReady + " ms after ready");
        assertTrue(oldest <= REQUEST_TIMEOUT.toMillis(), "an event " + oldest + " ms old reached the new client");
      }
    }
  }

  /** The age of the oldest event arriving within {@code window}, taken as each one arrives. */
  private static long oldestWithin(SseTestClient client, Duration window) throws Exception {
    long oldest = 0;
    long deadline = System.nanoTime() + window.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        oldest = Math.max(oldest, age(client.next(f -> !f.comment(), Duration.ofNanos(left))));
      } catch (AssertionError nothingMore) {
        break;
      }
    }
    return oldest;
  }

  /** Milliseconds between the event's publishedAt and now (one host, one clock). */
  private static long age(SseTestClient.Frame frame) throws Exception {
    return System.currentTimeMillis() - JSON.readTree(frame.data()).get("publishedAt").asLong();
  }

  /** Polls the dispatcher's routes for TOPIC (on its internal port); the returned value becomes the nanoTime it first saw one. */
  private static AtomicLong watchRoutes(InetSocketAddress dispatcher) {
    AtomicLong seen = new AtomicLong();
    Thread watcher = new Thread(() -> {
      long deadline = System.nanoTime() + FIRST_EVENT_BOUND.toNanos() * 2;
      while (seen.get() == 0 && System.nanoTime() < deadline) {
        try {
          JsonNode routes = TestHttp.get(TestHttp.url(dispatcher, "/internal/routes?topic=" + TOPIC)).json();
          if (routes.get("frontends").size() > 0) {
            seen.set(System.nanoTime());
          }
          Thread.sleep(5);
        } catch (Exception e) {
          return;
        }
      }
    }, "route-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return seen;
  }

  /** Publishes one event to TOPIC every 20 ms until closed. */
  private static final class Publisher implements AutoCloseable {
    private final String url;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Publisher(InetSocketAddress dispatcher) {
      this.url = TestHttp.url(dispatcher, "/publish");
      this.thread = new Thread(this::run, "publisher");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      int n = 0;
      while (running.get()) {
        try {
          TestHttp.Response response = TestHttp.postJson(url, TestNodes.publishBody(TOPIC, "like", Integer.toString(n++)));
          assertEquals(202, response.status(), response.body());
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // the dispatcher stays up; a failed publish is retried with the next event
        }
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.interrupt();
      thread.join(5000);
    }
  }
}
