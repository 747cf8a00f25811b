package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.DataCenterClusterTest.assertReceivesExactly;
import static io.rtdispatch.node.DataCenterClusterTest.open;
import static io.rtdispatch.node.DataCenterClusterTest.publish;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.node.ComposeServices.Service;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, run as local processes (see {@link ComposeServices}): the two data centers
 * it defines deliver each other's events once, the publisher service's likes cross over, and
 * dc-east keeps serving at full speed while dc-west is entirely down, then forwards again by
 * itself when dc-west is back. A change to the compose file that breaks this fails the build.
 */
class ComposeTopologyTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<Service> started = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Service service : started) {
      service.process().stop(Duration.ofSeconds(20));
    }
  }

  @Test
  void composeFileIsRunnableByTheDockerfileItBuilds() throws Exception {
    String pom = Files.readString(ComposeServices.ROOT.resolve("node/pom.xml"));
    assertTrue(pom.contains("<mainClass>io.rtdispatch.node.Main</mainClass>"), "the image's jar runs io.rtdispatch.node.Main");
    String dockerfile = Files.readString(ComposeServices.ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("COPY --from=build /src/node/target/rtd-node.jar /app/rtd-node.jar"));
    // The publisher service runs the demo publisher from the tools jar.
    assertTrue(dockerfile.contains("COPY --from=build /src/tools/target/rtd-tools.jar /app/rtd-tools.jar"));
    assertEquals("java", ComposeServices.dockerfileCommand(ComposeServices.ROOT.resolve("Dockerfile")).get(0));
  }

  /**
   * A node downed by its cluster exits (code 255) and must come back; nothing but Docker's restart
   * policy would start it again. "no" (the default) or a missing policy would leave it down.
   */
  @Test
  void everyServiceIsRestartedWhenItExitsByItself() throws Exception {
    Map<String, Service> services = ComposeServices.load(Path.of("target", "process-logs", "compose-policy"));
    assertFalse(services.isEmpty());
    for (Service service : services.values()) {
      assertTrue(List.of("unless-stopped", "always", "on-failure").contains(service.restart()),
          service.name() + " has restart: '" + service.restart() + "'");
    }
  }

  @Test
  void twoDataCentersDeliverEachOthersEventsOnceAndSurviveTheOtherGoingDown() throws Exception {
    Map<String, Service> services = ComposeServices.load(Path.of("target", "process-logs", "compose"));
    for (Service service : services.values()) {
      service.process().start();
      started.add(service);
    }
    for (Service service : services.values()) {
      service.process().awaitReady(LocalProcesses.READY);
    }
    InetSocketAddress east1 = services.get("east-frontend-1").frontend();
    InetSocketAddress east2 = services.get("east-frontend-2").frontend();
    InetSocketAddress west = services.get("west-frontend-1").frontend();
    InetSocketAddress eastDispatcher = services.get("east-dispatcher-1").dispatcher();
    InetSocketAddress westDispatcher = services.get("west-dispatcher-1").dispatcher();
    assertEquals("dc-east", services.get("east-dispatcher-1").dataCenter());
    assertEquals("dc-west", services.get("west-dispatcher-1").dataCenter());

    try (SseTestClient e1 = open(east1, "live:demo", "room:compose"); SseTestClient e2 = open(east2, "room:compose");
        SseTestClient w = open(west, "live:demo", "room:compose")) {
      // The publisher service posts into dc-east; its likes reach the dc-west page.
      assertEquals("like", new ObjectMapper()
          .readTree(w.next(f -> f.data() != null && f.data().contains("bot-east") && f.data().contains("\"type\":\"like\""), WAIT)
          .data()).get("type").asText(), "the publisher's likes (its comments come now and then too) reach dc-west");
      TestNodes.awaitRoutes(services.get("east-dispatcher-1").internal(), "room:compose", 2, internalAuth(services));
      TestNodes.awaitRoutes(services.get("west-dispatcher-1").internal(), "room:compose", 1, internalAuth(services));

      List<String> fromEast = publish(List.of(eastDispatcher), "room:compose", 10);
      List<String> fromWest = publish(List.of(westDispatcher), "room:compose", 10);
      List<String> all = DataCenterClusterTest.concat(fromEast, fromWest);
      assertReceivesExactly(e2, all);
      assertEquals(all.size(), idsOn(e1, "room:compose", all.size()).size());
      assertEquals(all.size(), idsOn(w, "room:compose", all.size()).size());

      List<Double> before = latencies(eastDispatcher, e2, 20);
      for (String name : List.of("west-frontend-1", "west-dispatcher-1")) {
        services.get(name).process().stop(Duration.ofSeconds(20));
      }
      List<Double> during = latencies(eastDispatcher, e2, 20);
      eventually(WAIT, () -> assertTrue(metric(eastDispatcher, "rtd_peer_forward_failures_total") >= 1,
          "failed forwards to dc-west are counted"));
      System.out.printf("MEASURED publish->delivery in dc-east (ms): median %.1f with dc-west up, %.1f with dc-west down%n",
          median(before), median(during));

      for (String name : List.of("west-frontend-1", "west-dispatcher-1")) {
        services.get(name).process().start();
      }
      for (String name : List.of("west-frontend-1", "west-dispatcher-1")) {
        services.get(name).process().awaitReady(LocalProcesses.READY);
      }
      try (SseTestClient back = open(west, "room:again")) {
        TestNodes.awaitRoutes(services.get("west-dispatcher-1").internal(), "room:again", 1, internalAuth(services));
        eventually(WAIT, () -> {
          publish(List.of(eastDispatcher), "room:again", 1);
          back.next(f -> f.id() != null, Duration.ofSeconds(1));
        });
      }
    }
  }

  /** Ids of the next {@code count} events of {@code topic} on the client, checked to be distinct. */
  private static List<String> idsOn(SseTestClient client, String topic, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    while (ids.size() < count) {
      SseTestClient.Frame frame = client.next(f -> f.id() != null && f.data().contains("\"topic\":\"" + topic + "\""), WAIT);
      assertTrue(!ids.contains(frame.id()), "duplicate " + frame.id());
      ids.add(frame.id());
    }
    return ids;
  }

  /** Publish-to-delivery times of {@code count} events, one at a time, in milliseconds. */
  private static List<Double> latencies(InetSocketAddress dispatcher, SseTestClient client, int count) throws Exception {
    List<Double> result = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      TestHttp.Response response = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"),
          TestNodes.publishBody("room:compose", "like", "0"));
      assertEquals(202, response.status(), response.body());
      String id = response.json().get("id").asText();
      client.next(f -> id.equals(f.id()), WAIT);
      result.add((System.nanoTime() - start) / 1e6);
    }
    return result;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** The compose file's internal token, which its internal ports require. */
  private static String[] internalAuth(Map<String, Service> services) {
    return new String[] {"Authorization", "Bearer " + services.get("east-dispatcher-1").environment().get("RTD_INTERNAL_TOKEN")};
  }
}
