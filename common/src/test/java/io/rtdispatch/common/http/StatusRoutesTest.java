package io.rtdispatch.common.http;

import static io.rtdispatch.common.testing.RouteTestKit.error;
import static io.rtdispatch.common.testing.RouteTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.testkit.TestRoute;
import akka.http.javadsl.testkit.TestRouteResult;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.testing.RouteTestKit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /ready} and {@code /metrics} as docs/api.md ("Both roles") describes them. */
class StatusRoutesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final RouteTestKit kit = new RouteTestKit(testKit.system());
  private static final AtomicReference<String> notReady = new AtomicReference<>("joining the cluster");
  private static final Metrics metrics = new Metrics("dc-here");
  private static final TestRoute status = kit.testRoute(new StatusRoutes(metrics, notReady::get).route());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void readyIs503WithItsReasonUntilTheNodeServesThen200() {
    TestRouteResult joining = status.run(HttpRequest.GET("/ready"));
    joining.assertStatusCode(503);
    assertEquals("not ready", json(joining).get("status").asText());
    assertEquals("joining the cluster", json(joining).get("reason").asText());
    notReady.set(null);
    try {
      TestRouteResult ready = status.run(HttpRequest.GET("/ready"));
      ready.assertStatusCode(200);
      assertEquals("ready", json(ready).get("status").asText());
    } finally {
      notReady.set("joining the cluster");
    }
    TestRouteResult health = status.run(HttpRequest.GET("/health"));
    health.assertStatusCode(200);
    assertEquals("up", json(health).get("status").asText(), "health does not depend on readiness");
  }

  @Test
  void metricsArePrometheusTextTaggedWithTheDataCenter() {
    metrics.counter("rtd.test.things", "Things counted by this test").increment();
    TestRouteResult scrape = status.run(HttpRequest.GET("/metrics"));
    scrape.assertStatusCode(200);
    assertTrue(scrape.contentTypeString().startsWith("text/plain; version=0.0.4"), scrape.contentTypeString());
    assertTrue(scrape.entityString().contains("rtd_test_things_total{dc=\"dc-here\"} 1.0"), scrape.entityString());
  }

  @Test
  void anotherMethodIs405WithAllowGet() {
    for (String path : new String[] {"/health", "/ready", "/metrics"}) {
      TestRouteResult post = status.run(HttpRequest.POST(path));
      assertTrue(error(post, 405).contains("use GET"), path);
      post.assertHeaderExists("Allow", "GET");
    }
  }
}
