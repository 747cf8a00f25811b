package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo page ({@code GET /}) and its files are served with a Content-Security-Policy that
 * allows no inline script and lets the page connect only to this frontend and its publish URL,
 * with frame protection, nosniff and a referrer policy (issue 9, "The demo page").
 */
class DemoPageTest {

  @Test
  void thePageAndItsFilesCarryTheSecurityHeadersAndConnectOnlyToTheConfiguredPublishUrl() throws Exception {
    try (RtdNode node = TestNodes.start("rtd.frontend.demo.publish-url", "http://dispatch.example:9081/publish")) {
      InetSocketAddress frontend = node.frontendAddress();
      for (String path : new String[] {"/", "/demo.js", "/demo.css", "/demo/config"}) {
        RawHttp.Answer answer = RawHttp.exchange(frontend, RawHttp.get(frontend, path));
        assertEquals(200, answer.status(), path);
        assertSecurityHeaders(path, answer.headers());
        assertTrue(csp(answer).contains("connect-src 'self' http://dispatch.example:9081;"), csp(answer));
      }
      RawHttp.Answer page = RawHttp.exchange(frontend, RawHttp.get(frontend, "/"));
      assertFalse(page.body().matches("(?s).*<script>.*"), "no inline script: the policy would block it");
      assertTrue(page.body().contains("<script src=\"/demo.js\"></script>"), page.body());
      assertTrue(RawHttp.exchange(frontend, RawHttp.get(frontend, "/demo.js")).headers().get("content-type")
          .startsWith("application/javascript"));
      assertEquals(204, RawHttp.exchange(frontend, RawHttp.get(frontend, "/favicon.ico")).status(),
          "a browser's favicon request is answered, not a 404");
    }
  }

  @Test
  void withoutAConfiguredPublishUrlThePagePublishesToItsOwnHostOnThisNodesDispatcherPortAndAHostileHostGetsNothing()
      throws Exception {
    try (RtdNode node = TestNodes.start()) {
      InetSocketAddress frontend = node.frontendAddress();
      int dispatcher = node.dispatcherAddress().getPort(); // chosen at bind: the page follows it, not 8081
      RawHttp.Answer page = RawHttp.exchange(frontend, request("/", "localhost:" + frontend.getPort()));
      assertTrue(csp(page).contains("connect-src 'self' localhost:" + dispatcher + ";"), csp(page));
      RawHttp.Answer config = RawHttp.exchange(frontend, request("/demo/config", "localhost:" + frontend.getPort()));
      assertEquals("//localhost:" + dispatcher + "/publish", config.json().get("publishUrl").asText());
      assertEquals(List.of("topic", "publishUrl", "dataCenter", "nodeId"), fieldNames(config.json()),
          "the same keys in the same order every run");

      RawHttp.Answer hostile = RawHttp.exchange(frontend, request("/", "x;script-src *"));
      assertEquals(200, hostile.status());
      assertTrue(csp(hostile).contains("connect-src 'self';"), "request bytes never reach the policy: " + csp(hostile));
      assertTrue(csp(hostile).startsWith("default-src 'none'; script-src 'self';"), csp(hostile));
    }
  }

  private static void assertSecurityHeaders(String path, Map<String, String> headers) {
    String csp = headers.getOrDefault("content-security-policy", "");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self';")
        && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), path + ": " + csp);
    assertEquals("DENY", headers.get("x-frame-options"), path);
    assertEquals("nosniff", headers.get("x-content-type-options"), path);
    assertEquals("no-referrer", headers.get("referrer-policy"), path);
  }

  private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode json) {
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String csp(RawHttp.Answer answer) {
    return answer.headers().getOrDefault("content-security-policy", "");
  }

  private static byte[] request(String target, String host) {
    return ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }
}
