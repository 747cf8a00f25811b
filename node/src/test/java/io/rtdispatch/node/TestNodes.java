package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.testing.PrometheusText;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/** Starts real embedded nodes on free loopback ports for tests, and waits on them. */
final class TestNodes {

  static final Duration WAIT = Duration.ofSeconds(15);

  private TestNodes() {}

  /** A one-process node with both roles, on free ports, with {@code settings} on top (key, value, …). */
  static RtdNode start(Object... settings) throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put("rtd.frontend.http.interface", "127.0.0.1");
    config.put("rtd.frontend.http.port", 0);
    config.put("rtd.dispatcher.http.interface", "127.0.0.1");
    config.put("rtd.dispatcher.http.port", 0);
    config.put("rtd.cluster.port", 0);
    config.put("rtd.internal.port", 0);
    config.put("rtd.registry.unsubscribe-grace", "200ms");
    config.put("akka.coordinated-shutdown.exit-jvm", "off");
    config.put("rtd.frontend.rehome-window", "1s"); // streams open at close end within a second, not ten
    config.put("rtd.presence.push-topics", ""); // tests count the events on their live:* topics exactly
    for (int i = 0; i + 1 < settings.length; i += 2) {
      config.put((String) settings[i], settings[i + 1]);
    }
    Config overrides = ConfigFactory.parseMap(config);
    RtdNode node = RtdNode.start(overrides);
    node.awaitUp(WAIT);
    return node;
  }

  /** Starts a graceful shutdown of {@code node} (the SIGTERM path) and returns at once. */
  static CompletableFuture<Void> closeInBackground(RtdNode node) {
    return CompletableFuture.runAsync(() -> {
      try {
        node.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /**
   * Waits until the dispatcher whose internal port is {@code dispatcherInternal} routes {@code topic}
   * to {@code frontends} frontends.
   */
  static void awaitRoutes(InetSocketAddress dispatcherInternal, String topic, int frontends, String... headers)
      throws Exception {
    awaitRoutes(WAIT, dispatcherInternal, topic, frontends, headers);
  }

  /** {@link #awaitRoutes(InetSocketAddress, String, int, String...)} waiting up to {@code timeout}. */
  static void awaitRoutes(Duration timeout, InetSocketAddress dispatcherInternal, String topic, int frontends,
      String... headers) throws Exception {
    eventually(timeout, () -> {
      JsonNode routes = TestHttp.get(TestHttp.url(dispatcherInternal, "/internal/routes?topic=" + topic), headers).json();
      assertEquals(frontends, routes.get("frontends").size(), "frontends routed for " + topic + ": " + routes);
    });
  }

  static double metric(InetSocketAddress node, String name, String... labels) throws Exception {
    return PrometheusText.value(TestHttp.get(TestHttp.url(node, "/metrics")).body(), name, labels);
  }

  /** The contract's error: this status, a JSON body, and an {@code error} sentence mentioning {@code messagePart}. */
  static void assertError(int status, String messagePart, TestHttp.Response response) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "JSON error body expected: " + response.raw().headers());
    JsonNode error = response.json().get("error");
    assertTrue(error != null && error.isTextual() && !error.asText().isBlank(), response.body());
    assertTrue(error.asText().contains(messagePart), "error should mention '" + messagePart + "': " + response.body());
  }

  static String publishBody(String topic, String type, String data) {
    return "{\"topic\":\"" + topic + "\",\"type\":\"" + type + "\",\"data\":" + data + "}";
  }

  /** POSTs one batch of {@code events} likes to {@code topic}, event i with {@code data.apply(i)}; their ids. */
  static List<String> publishBatch(InetSocketAddress dispatcher, String topic, int events, IntFunction<String> data)
      throws Exception {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < events; i++) {
      batch.append(i == 0 ? "" : ",").append(publishBody(topic, "like", data.apply(i)));
    }
    TestHttp.Response response = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"), batch.append("]").toString());
    assertEquals(202, response.status(), response.body());
    List<String> ids = new ArrayList<>();
    response.json().get("ids").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  /**
   * Asserts that {@code client} got nothing but comments (heartbeats) since it was last read: a
   * canary event is published on {@code topic} through each of {@code dispatchers} (every dispatcher
   * the events that must not arrive went through), and the stream is read until all canaries came.
   * One dispatcher delivers one topic's events in publish order, so an event that would have come
   * comes before its canary; no quiet period is waited out.
   */
  static void assertNothingMore(SseTestClient client, String topic, String what, InetSocketAddress... dispatchers)
      throws Exception {
    List<String> canaries = new ArrayList<>();
    for (InetSocketAddress dispatcher : dispatchers) {
      canaries.addAll(publishBatch(dispatcher, topic, 1, i -> "\"canary\""));
    }
    List<SseTestClient.Frame> before = client.framesBefore(canaries, WAIT);
    assertTrue(before.stream().allMatch(SseTestClient.Frame::comment), what + ": " + before);
  }

  /** A loopback port free right now, for a process or config that must name its port before it starts. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
