package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The embedded default (both roles in one JVM) hands published events to its own frontend
 * in-process: it never POSTs them to itself over loopback.
 *
 * <p>The frontend advertises, as the URL dispatchers POST to, an HTTP endpoint of this test that
 * only records requests. An event that reaches the client therefore went in-process; an event
 * that went over HTTP lands in the recorder and never reaches the client.
 */
class InProcessDeliveryTest {

  @Test
  void theEmbeddedDefaultDeliversToItsOwnFrontendWithoutPostingToItself() throws Exception {
    List<String> posted = new CopyOnWriteArrayList<>();
    HttpServer recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    recorder.createContext("/", exchange -> {
      posted.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    recorder.start();
    String advertised = "http://127.0.0.1:" + recorder.getAddress().getPort();
    try (RtdNode node = TestNodes.start("rtd.frontend.advertised-url", advertised)) {
      String topic = "live:in-process";
      try (SseTestClient client = SseTestClient.open(node.frontendAddress(), "/connect?topic=" + topic)) {
        client.next(WAIT);
        TestNodes.awaitRoutes(node.internalAddress(), topic, 1);
        for (int i = 0; i < 3; i++) {
          TestHttp.Response published = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
              TestNodes.publishBody(topic, "like", String.valueOf(i)));
          assertEquals(202, published.status(), published.body());
          assertEquals(published.json().get("id").asText(), awaitEvent(client, posted).id());
        }
        assertEquals(List.of(), posted, "nothing was POSTed to the frontend's advertised URL");
        assertEquals(3.0, metric(node.frontendAddress(), "rtd_frontend_events_received_total"));
      }
    } finally {
      recorder.stop(0);
    }
  }

  /** The client's next event; fails at once if the dispatcher POSTed to the advertised URL instead. */
  private static SseTestClient.Frame awaitEvent(SseTestClient client, List<String> posted) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!posted.isEmpty()) {
        fail("the dispatcher POSTed to its own frontend over HTTP instead of handing the events over in-process: "
            + posted);
      }
      try {
        return client.next(f -> !f.comment(), Duration.ofMillis(50));
      } catch (AssertionError nothingYet) {
        // neither path has delivered yet
      }
    }
    throw new AssertionError("the event reached neither the client nor the advertised URL within " + WAIT);
  }
}
