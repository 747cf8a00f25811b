package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Node-to-node endpoints live on the internal port only (issue 9): the ports browsers and the
 * likes backend use do not serve them, no CORS is granted on them or on {@code /metrics}, and a
 * configuration that would let anyone publish past the publish token does not start.
 */
class InternalPortTest {

  private static final List<String> INTERNAL_PATHS =
      List.of("/internal/deliver", "/internal/peer-publish", "/internal/routes?topic=t");
  private static final String EVENT = "x-1 t {\"id\":\"x-1\",\"topic\":\"t\",\"type\":\"like\",\"data\":1,\"publishedAt\":1}\n";

  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNodes.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  void publicPortsDoNotServeNodeToNodeEndpoints() throws Exception {
    for (InetSocketAddress publicPort : List.of(node.frontendAddress(), node.dispatcherAddress())) {
      for (String path : INTERNAL_PATHS) {
        assertError(404, "RTD_INTERNAL_PORT", TestHttp.send("POST", TestHttp.url(publicPort, path),
            "application/x-rtd-events", EVENT));
        assertError(404, "RTD_INTERNAL_PORT", TestHttp.get(TestHttp.url(publicPort, path)));
      }
    }
  }

  @Test
  void theInternalPortServesThemWithoutCorsAndNothingElse() throws Exception {
    InetSocketAddress internal = node.internalAddress();
    assertEquals("127.0.0.1", internal.getAddress().getHostAddress(), "the embedded default keeps it on loopback");
    TestHttp.Response delivered = TestHttp.send("POST", TestHttp.url(internal, "/internal/deliver"),
        "application/x-rtd-events", EVENT, "Origin", "https://evil.example");
    assertEquals(204, delivered.status(), delivered.body());
    assertTrue(delivered.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    TestHttp.Response routes = TestHttp.get(TestHttp.url(internal, "/internal/routes?topic=t"), "Origin", "https://evil.example");
    assertEquals(200, routes.status(), routes.body());
    assertTrue(routes.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    assertError(404, "", TestHttp.get(TestHttp.url(internal, "/connect")));
    assertError(404, "", TestHttp.get(TestHttp.url(internal, "/")));
  }

  @Test
  void metricsGrantNoCors() throws Exception {
    for (InetSocketAddress publicPort : List.of(node.frontendAddress(), node.dispatcherAddress())) {
      TestHttp.Response metrics = TestHttp.get(TestHttp.url(publicPort, "/metrics"), "Origin", "https://evil.example");
      assertEquals(200, metrics.status());
      assertTrue(metrics.raw().headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS on /metrics");
    }
  }

  @Test
  void aPublishTokenWithoutAnInternalTokenBeyondLoopbackDoesNotStart() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RtdNode.start(ConfigFactory.parseMap(
        Map.of("rtd.security.publish-token", "p", "rtd.internal.interface", "0.0.0.0", "rtd.internal.port", 0,
            "rtd.cluster.port", 0, "rtd.frontend.http.port", 0, "rtd.dispatcher.http.port", 0))));
    assertTrue(refused.getMessage().contains("RTD_INTERNAL_TOKEN"), refused.getMessage());
  }

  @Test
  void anOpenInternalPortBeyondLoopbackIsReportedAtStartUp() {
    InternalPort open = InternalPort.from(ConfigFactory.parseMap(Map.of("rtd.internal.interface", "0.0.0.0"))
        .withFallback(ConfigFactory.load(ConfigFactory.parseResources("rtd-node.conf"))));
    String warning = open.exposureWarning(new SecuritySettings("", "", ""));
    assertNotNull(warning);
    assertTrue(warning.contains("RTD_INTERNAL_TOKEN") && warning.contains("0.0.0.0"), warning);
    assertNull(open.exposureWarning(new SecuritySettings("", "secret", "secret")), "a token silences it");
    InternalPort loopback = InternalPort.from(ConfigFactory.load(ConfigFactory.parseResources("rtd-node.conf")));
    assertNull(loopback.exposureWarning(new SecuritySettings("", "", "")), "the embedded default binds loopback");
  }
}
