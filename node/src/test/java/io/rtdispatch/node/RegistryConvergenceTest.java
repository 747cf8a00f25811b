package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The topic registry at small scale on real processes (two frontends, two dispatchers): a burst of streams with many
 * new topics each is acknowledged routable, every dispatcher then holds exactly those (topic, frontend) entries, an
 * event published to each topic through either dispatcher reaches only the frontend with its subscriber, and a
 * restarted dispatcher holds the whole registry again and routes every topic.
 */
class RegistryConvergenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int STREAMS_PER_FRONTEND = 10;
  private static final int TOPICS_PER_STREAM = 50;

  @Test
  void burstsConvergeRouteExactlyAndARestartedDispatcherCatchesUp() throws Exception {
    try (LocalProcesses dc = new LocalProcesses(LocalProcesses.layout(
        List.of(new Topology.DataCenter("dc-reg", 2, 2))), "registry-convergence").startAll()) {
      List<InetSocketAddress> frontends = List.of(frontend(dc.node("dc-reg-frontend-1")),
          frontend(dc.node("dc-reg-frontend-2")));
      List<InetSocketAddress> dispatchers = List.of(dispatcher(dc.node("dc-reg-dispatcher-1")),
          dispatcher(dc.node("dc-reg-dispatcher-2")));
      List<SseTestClient> streams = new ArrayList<>();
      List<List<String>> topicsOf = new ArrayList<>();
      try {
        // The burst: every stream is opened before any answer is awaited.
        for (int s = 0; s < STREAMS_PER_FRONTEND * frontends.size(); s++) {
          List<String> topics = new ArrayList<>();
          StringBuilder query = new StringBuilder("/connect");
          for (int t = 0; t < TOPICS_PER_STREAM; t++) {
            topics.add("reg:" + s + ":" + t);
            query.append(t == 0 ? '?' : '&').append("topic=reg:").append(s).append(':').append(t);
          }
          streams.add(SseTestClient.open(frontends.get(s % frontends.size()), query.toString()));
          topicsOf.add(topics);
        }
        for (SseTestClient stream : streams) {
          SseTestClient.Frame connected = stream.next(WAIT);
          assertEquals("connected", connected.event());
          assertTrue(connected.data().contains("\"routable\":true"), connected.data());
        }
        int entries = streams.size() * TOPICS_PER_STREAM;
        for (InetSocketAddress d : dispatchers) {
          assertEquals(entries, metric(d, "rtd_registry_entries"), "entries held by " + d);
        }
        assertEveryTopicRoutedExactly(streams, topicsOf, dispatchers, frontends, 1);

        NodeProcess restarted = dc.node("dc-reg-dispatcher-2");
        restarted.stop(WAIT);
        restarted.start();
        restarted.awaitReady(WAIT);
        eventually(WAIT, () -> assertEquals(entries, metric(dispatchers.get(1), "rtd_registry_entries")));
        assertEveryTopicRoutedExactly(streams, topicsOf, List.of(dispatchers.get(1)), frontends, 2);
      } finally {
        for (SseTestClient stream : streams) {
          stream.close();
        }
      }
    }
  }

  /** One event per topic, round-robin over the dispatchers; each stream gets its topics' events and nothing else. */
  private static void assertEveryTopicRoutedExactly(List<SseTestClient> streams, List<List<String>> topicsOf,
      List<InetSocketAddress> dispatchers, List<InetSocketAddress> frontends, int round) throws Exception {
    double[] before = new double[frontends.size()];
    for (int f = 0; f < frontends.size(); f++) {
      before[f] = metric(frontends.get(f), "rtd_frontend_events_received_total");
    }
    for (int s = 0; s < streams.size(); s++) {
      StringBuilder batch = new StringBuilder("[");
      for (String topic : topicsOf.get(s)) {
        batch.append(batch.length() > 1 ? "," : "").append("{\"topic\":\"").append(topic).append("\",\"data\":")
            .append(round).append('}');
      }
      TestHttp.Response answer = TestHttp.postJson(TestHttp.url(dispatchers.get(s % dispatchers.size()), "/publish"),
          batch.append(']').toString());
      assertEquals(202, answer.status(), answer.body());
    }
    for (int s = 0; s < streams.size(); s++) {
      // Events of different topics may arrive in any order (a frontend fans out each topic on its shard).
      Set<String> got = new HashSet<>();
      for (SseTestClient.Frame frame : streams.get(s).messages(TOPICS_PER_STREAM, WAIT)) {
        got.add(JSON.readTree(frame.data()).get("topic").asText());
      }
      assertEquals(new HashSet<>(topicsOf.get(s)), got, "stream " + s + " gets one event of each of its topics");
    }
    for (int f = 0; f < frontends.size(); f++) {
      int perFrontend = streams.size() / frontends.size() * TOPICS_PER_STREAM;
      assertEquals(before[f] + perFrontend, metric(frontends.get(f), "rtd_frontend_events_received_total"),
          "frontend " + f + " receives its own topics' events only");
    }
  }
}
