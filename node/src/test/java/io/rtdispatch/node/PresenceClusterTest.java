package io.rtdispatch.node;

import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.PresenceTest.awaitCount;
import static io.rtdispatch.node.PresenceTest.awaitPresenceEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Viewer counts across real processes: two frontends and a dispatcher in dc-a, a frontend and a
 * dispatcher in dc-b. Both dispatchers' {@code GET /presence} converge to the truth after connects,
 * a close and a reset socket; pushed {@code presence} events carry the global count, arrive once
 * per change in each data center (never twice: they are not peer-forwarded) and not on topics
 * outside {@code live:*}.
 */
class PresenceClusterTest {

  private static final String TOPIC = "live:watched";

  @Test
  void countsAndPresenceEventsAcrossFrontendsAndDataCenters() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-a", 2, 1),
        new Topology.DataCenter("dc-b", 1, 1))).stream()
        .map(spec -> spec.withEnv("RTD_PRESENCE_TOPICS", "live:*").withEnv("RTD_PRESENCE_INTERVAL", "1s")).toList();
    try (LocalProcesses dcs = new LocalProcesses(specs, "presence").startAll()) {
      InetSocketAddress a1 = frontend(dcs.node("dc-a-frontend-1"));
      InetSocketAddress a2 = frontend(dcs.node("dc-a-frontend-2"));
      InetSocketAddress b1 = frontend(dcs.node("dc-b-frontend-1"));
      InetSocketAddress da = dispatcher(dcs.node("dc-a-dispatcher-1"));
      InetSocketAddress db = dispatcher(dcs.node("dc-b-dispatcher-1"));
      String connect = "/connect?topic=" + TOPIC;
      try (SseTestClient x = SseTestClient.open(a1, connect); SseTestClient y = SseTestClient.open(a2, connect);
          SseTestClient z = SseTestClient.open(b1, connect);
          SseTestClient quiet = SseTestClient.open(a1, "/connect?topic=room:quiet")) {
        assertEquals("connected", quiet.next(TestNodes.WAIT).event());
        SocketChannel vanishing = RawHttp.idleStream(a2, connect);
        JsonNode four = awaitCount(da, TOPIC, 4);
        assertEquals(3, four.get("dataCenters").get("dc-a").asInt(), four.toString());
        assertEquals(1, four.get("dataCenters").get("dc-b").asInt(), four.toString());
        assertEquals(0, four.get("unreachable").size(), four.toString());
        awaitCount(db, TOPIC, 4);
        awaitPresenceEvent(x, 4);
        awaitPresenceEvent(z, 4);

        PresenceTest.vanish(vanishing);
        y.close();
        long gone = System.nanoTime();
        JsonNode two = awaitCount(db, TOPIC, 2);
        System.out.println("MEASURED presence in dc-b converged " + (System.nanoTime() - gone) / 1_000_000
            + " ms after a reset and a close in dc-a");
        assertEquals(1, two.get("dataCenters").get("dc-a").asInt(), two.toString());
        awaitCount(da, TOPIC, 2);
        awaitPresenceEvent(x, 2);
        awaitPresenceEvent(z, 2);
        System.out.println("MEASURED presence events reached both data centers " + (System.nanoTime() - gone)
            / 1_000_000 + " ms after the disconnects");

        List<SseTestClient.Frame> later = z.drain(Duration.ofSeconds(3));
        assertTrue(later.stream().allMatch(SseTestClient.Frame::comment),
            "no second copy of a presence event, none while the count stays: " + later);
        TestNodes.assertNothingMore(quiet, "room:quiet", "room:quiet is not a push topic", da, db);
      }
    }
  }
}
