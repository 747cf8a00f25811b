package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.internal;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.TestNodes.metric;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One data center of five real processes (three frontends, two dispatchers): publishes through
 * either dispatcher reach exactly the subscribed clients once, frontends without subscribers get
 * nothing, and the loss of a frontend or a dispatcher costs only what ran on it.
 */
class DataCenterClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PER_TOPIC = 20;

  @Test
  void routesOnlyToSubscribedFrontendsAndSurvivesAFrontendAndADispatcherDying() throws Exception {
    try (LocalProcesses dc = new LocalProcesses(LocalProcesses.layout(
        List.of(new Topology.DataCenter("dc-test", 3, 2))), "routing").startAll()) {
      InetSocketAddress fe1 = frontend(dc.node("dc-test-frontend-1"));
      InetSocketAddress fe2 = frontend(dc.node("dc-test-frontend-2"));
      InetSocketAddress fe3 = frontend(dc.node("dc-test-frontend-3"));
      InetSocketAddress d1 = dispatcher(dc.node("dc-test-dispatcher-1"));
      InetSocketAddress d2 = dispatcher(dc.node("dc-test-dispatcher-2"));
      InetSocketAddress i1 = internal(dc.node("dc-test-dispatcher-1"));
      InetSocketAddress i2 = internal(dc.node("dc-test-dispatcher-2"));

      try (SseTestClient a = open(fe1, "t1"); SseTestClient b = open(fe1, "t1", "t2");
          SseTestClient c = open(fe2, "t2"); SseTestClient d = open(fe2, "t3"); SseTestClient e = open(fe3, "t4")) {
        for (InetSocketAddress dispatcher : List.of(i1, i2)) {
          TestNodes.awaitRoutes(dispatcher, "t1", 1);
          TestNodes.awaitRoutes(dispatcher, "t2", 2);
          TestNodes.awaitRoutes(dispatcher, "t3", 1);
        }

        Map<String, List<String>> ids = Map.of("t1", publish(List.of(d1, d2), "t1", PER_TOPIC),
            "t2", publish(List.of(d1, d2), "t2", PER_TOPIC), "t3", publish(List.of(d2, d1), "t3", PER_TOPIC));

        assertReceivesExactly(a, ids.get("t1"));
        assertReceivesExactly(b, concat(ids.get("t1"), ids.get("t2")));
        assertReceivesExactly(c, ids.get("t2"));
        assertReceivesExactly(d, ids.get("t3"));
        assertEquals(2.0 * PER_TOPIC, metric(fe1, "rtd_frontend_events_received_total"), "fe1 gets t1 and t2 only");
        assertEquals(2.0 * PER_TOPIC, metric(fe2, "rtd_frontend_events_received_total"), "fe2 gets t2 and t3 only");
        // canaries on t4 through both dispatchers: over each dispatcher's link to fe3 they follow
        // whatever t1-t3 event would have been sent there, so fe3 then counts exactly the two canaries
        TestNodes.assertNothingMore(e, "t4", "nothing of t1-t3 on fe3", d1, d2);
        assertEquals(2.0, metric(fe3, "rtd_frontend_events_received_total"), "fe3 has no subscriber of t1-t3");

        // kill -9 a frontend: dispatchers stop routing to it once it is unreachable (~10 s after
        // its last heartbeat, rtd-node.conf's 8 s acceptable pause) ...
        long killed = System.nanoTime();
        dc.node("dc-test-frontend-1").kill();
        for (InetSocketAddress dispatcher : List.of(i1, i2)) {
          TestNodes.awaitRoutes(WAIT, dispatcher, "t2", 1);
        }
        double unroutedAfter = seconds(killed);
        // ... and clients on the survivors lose nothing meanwhile.
        List<String> t2 = publish(List.of(d1, d2), "t2", PER_TOPIC);
        List<String> t3 = publish(List.of(d1, d2), "t3", PER_TOPIC);
        assertReceivesExactly(c, t2);
        assertReceivesExactly(d, t3);
        // Its entries disappear from the registry once the cluster has downed and removed it.
        eventually(WAIT, () -> assertEquals(3.0, metric(d1, "rtd_registry_entries"), "t2@fe2, t3@fe2, t4@fe3"));
        double removedAfter = seconds(killed);
        System.out.printf("MEASURED frontend kill -9: out of routing after %.1f s, registry entries removed after %.1f s%n",
            unroutedAfter, removedAfter);

        // kill -9 a dispatcher: the other one keeps serving.
        dc.node("dc-test-dispatcher-1").kill();
        assertReceivesExactly(c, publish(List.of(d2), "t2", PER_TOPIC));
        assertReceivesExactly(d, publish(List.of(d2), "t3", PER_TOPIC));
        System.out.println("MEASURED kill -9 of a frontend, then of a dispatcher: clients of the survivors received "
            + 4 * PER_TOPIC + " of " + 4 * PER_TOPIC + " events published afterwards, 0 lost");
      }
    }
  }

  static SseTestClient open(InetSocketAddress frontend, String... topics) throws Exception {
    StringBuilder query = new StringBuilder("/connect");
    for (int i = 0; i < topics.length; i++) {
      query.append(i == 0 ? '?' : '&').append("topic=").append(topics[i]);
    }
    SseTestClient client = SseTestClient.open(frontend, query.toString());
    assertEquals("connected", client.next(WAIT).event());
    return client;
  }

  /** Publishes {@code count} events to {@code topic}, round-robin over the dispatchers; returns their ids. */
  static List<String> publish(List<InetSocketAddress> dispatchers, String topic, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InetSocketAddress dispatcher = dispatchers.get(i % dispatchers.size());
      TestHttp.Response response = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"),
          publishBody(topic, "like", Integer.toString(i)));
      assertEquals(202, response.status(), response.body());
      ids.add(response.json().get("id").asText());
    }
    return ids;
  }

  /** The client receives exactly these events, each once, and nothing else. */
  static void assertReceivesExactly(SseTestClient client, List<String> ids) throws Exception {
    List<String> received = client.messages(ids.size(), WAIT).stream().map(SseTestClient.Frame::id).toList();
    assertEquals(new HashSet<>(ids), new HashSet<>(received), "events received");
    assertEquals(ids.size(), Set.copyOf(received).size(), "no duplicates among " + received);
    assertTrue(client.drain(Duration.ofMillis(300)).stream().allMatch(SseTestClient.Frame::comment),
        "nothing more than the expected events");
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
