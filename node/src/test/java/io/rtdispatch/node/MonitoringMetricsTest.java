package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code rtd_*} metric the checked-in Grafana dashboard and Prometheus configuration name is
 * one a real node exports on {@code /metrics}, so a renamed meter breaks the build rather than a
 * panel. The node has both roles and a peer data center configured, so peer meters exist.
 */
class MonitoringMetricsTest {

  private static final Pattern METRIC = Pattern.compile("\\brtd_[a-z0-9_]+");

  @Test
  void everyMetricTheDashboardAndPrometheusUseExists() throws Exception {
    Set<String> used = new TreeSet<>();
    JsonNode dashboard = DeployFiles.YAML.readTree(
        DeployFiles.ROOT.resolve("deploy/monitoring/grafana/dashboards/rtd.json").toFile());
    assertEquals("prometheus", dashboard.findValue("datasource").path("uid").asText(), "the provisioned data source");
    for (JsonNode expr : dashboard.findValues("expr")) {
      used.addAll(names(expr.asText()));
    }
    used.addAll(names(Files.readString(DeployFiles.ROOT.resolve("deploy/monitoring/prometheus.yml"))));
    for (String topic : List.of("connections", "deliveries", "drops", "events_published", "event_lag", "registry", "circuit")) {
      assertTrue(used.stream().anyMatch(n -> n.contains(topic)), "the dashboard shows " + topic + ": " + used);
    }

    Set<String> exported = new TreeSet<>();
    try (RtdNode node = TestNodes.start("rtd.data-center", "dc-east", "rtd.dispatcher.peers", "dc-west=http://127.0.0.1:1")) {
      for (InetSocketAddress port : List.of(node.frontendAddress(), node.dispatcherAddress())) {
        TestHttp.Response metrics = TestHttp.get(TestHttp.url(port, "/metrics"));
        assertEquals(200, metrics.status());
        for (String line : metrics.body().split("\n")) {
          if (!line.startsWith("#")) {
            exported.addAll(names(line.split("[{ ]", 2)[0]));
          }
        }
      }
    }
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exported);
    assertTrue(missing.isEmpty(), "not exported by a node: " + missing + "; exported: " + exported);
  }

  /** The dashboard's latency panel is fed: an event delivered to a stream is recorded once, with its lag. */
  @Test
  void aDeliveredEventIsCountedInTheLagHistogram() throws Exception {
    try (RtdNode node = TestNodes.start();
        SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=room:lag")) {
      TestNodes.awaitRoutes(node.internalAddress(), "room:lag", 1);
      String id = TestHttp.postJson(TestHttp.url(node.dispatcherAddress(), "/publish"),
          TestNodes.publishBody("room:lag", "like", "0")).json().get("id").asText();
      stream.next(f -> id.equals(f.id()), TestNodes.WAIT);
      assertEquals(1.0, TestNodes.metric(node.frontendAddress(), "rtd_frontend_event_lag_seconds_count"));
      assertEquals(1.0, TestNodes.metric(node.frontendAddress(), "rtd_frontend_event_lag_seconds_bucket", "le=\"+Inf\""));
    }
  }

  /** The registry's subscribe → routable wait is recorded once per subscription to a new topic, not for one already routable. */
  @Test
  void aSubscriptionToANewTopicIsCountedInTheRoutableWaitHistogram() throws Exception {
    try (RtdNode node = TestNodes.start()) {
      try (SseTestClient first = SseTestClient.open(node.frontendAddress(), "/connect?topic=room:wait")) {
        assertTrue(first.next(TestNodes.WAIT).data().contains("\"routable\":true"));
        assertEquals(1.0, TestNodes.metric(node.frontendAddress(), "rtd_frontend_routable_wait_seconds_count"));
        try (SseTestClient second = SseTestClient.open(node.frontendAddress(), "/connect?topic=room:wait")) {
          assertTrue(second.next(TestNodes.WAIT).data().contains("\"routable\":true"));
        }
        assertEquals(1.0, TestNodes.metric(node.frontendAddress(), "rtd_frontend_routable_wait_seconds_count"),
            "the second stream found the topic routable: no wait recorded");
      }
    }
  }

  private static Set<String> names(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }
}
