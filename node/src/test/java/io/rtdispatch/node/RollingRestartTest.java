package io.rtdispatch.node;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.node.LocalProcesses.dispatcher;
import static io.rtdispatch.node.LocalProcesses.frontend;
import static io.rtdispatch.node.TestNodes.publishBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.tools.launch.NodeProcess;
import io.rtdispatch.tools.launch.NodeSpec;
import io.rtdispatch.tools.launch.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, graceful re-homing: every frontend of a data center is restarted in turn (SIGTERM,
 * then started again) while events are published steadily. Clients behave like browsers
 * ({@link BrowserLikeClient}: reconnect after the {@code retry:} time with {@code Last-Event-ID},
 * to the next frontend) and none loses an event, none gets one twice, none gets a non-200.
 *
 * <p>Every topic has viewers on every frontend (a restarted frontend gets new viewers of each
 * topic before the next one goes down), so the frontend a client re-homes to already keeps the
 * topic's history; recovery across frontends for a topic only one frontend served is the
 * dispatcher-side history's case.
 */
class RollingRestartTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> TOPICS = List.of("live:roll-a", "live:roll-b", "live:roll-c");
  private static final int FRONTENDS = 3;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void restartingEveryFrontendUnderTrafficLosesNoEvent() throws Exception {
    List<NodeSpec> specs = LocalProcesses.layout(List.of(new Topology.DataCenter("dc-roll", FRONTENDS, 1))).stream()
        .map(spec -> spec.withEnv("RTD_REHOME_WINDOW", "2s").withEnv("RTD_RETRY_HINT", "500ms"))
        .toList();
    try (LocalProcesses dc = new LocalProcesses(specs, "rolling-restart").startAll()) {
      List<NodeProcess> nodes = new ArrayList<>();
      List<InetSocketAddress> frontends = new ArrayList<>();
      for (int i = 1; i <= FRONTENDS; i++) {
        nodes.add(dc.node("dc-roll-frontend-" + i));
        frontends.add(frontend(nodes.get(i - 1)));
      }
      InetSocketAddress publishTo = dispatcher(dc.node("dc-roll-dispatcher-1"));
      List<BrowserLikeClient> clients = new CopyOnWriteArrayList<>();
      Map<String, List<String>> published = new ConcurrentHashMap<>();
      TOPICS.forEach(topic -> published.put(topic, new CopyOnWriteArrayList<>()));
      try {
        for (int fe = 0; fe < FRONTENDS; fe++) {
          viewersOfEveryTopic(frontends, fe, clients);
        }
        Publisher publisher = new Publisher(publishTo, published);
        publisher.start();
        // A browser that got no event yet has no Last-Event-ID to recover with: traffic flows before the roll.
        awaitAnEventForEach(clients, published);
        for (int fe = 0; fe < FRONTENDS; fe++) {
          NodeProcess node = nodes.get(fe);
          node.stop(Duration.ofSeconds(60));
          node.start();
          node.awaitReady(LocalProcesses.READY);
          viewersOfEveryTopic(frontends, fe, clients);
        }
        awaitAnEventForEach(clients, published); // the last viewers too, so each client's run can be checked
        int failedPublishes = publisher.finish();
        assertTrue(failedPublishes < published.values().stream().mapToInt(List::size).sum(),
            "publishing worked: " + failedPublishes + " publishes failed");

        for (BrowserLikeClient client : clients) {
          String topic = client.topic();
          List<String> all = published.get(topic);
          eventually(WAIT, () -> assertTrue(client.received().size() >= 1
              && client.received().get(client.received().size() - 1).equals(all.get(all.size() - 1)),
              "the client got the last event of " + topic));
          List<String> got = client.received();
          assertEquals(got.size(), new HashSet<>(got).size(), "no event twice");
          List<String> missing = new ArrayList<>(all.subList(all.indexOf(got.get(0)), all.size()));
          missing.removeAll(got);
          assertEquals(List.of(), missing, "every event of " + topic + " after the client's first one, none lost;"
              + " its streams: " + client.history() + "; the topic's events: " + all);
          assertEquals(0, client.notOk(), "never a non-200 on /connect");
        }
        assertTrue(clients.stream().mapToInt(BrowserLikeClient::retryOnlyFrames).sum() >= FRONTENDS,
            "each draining frontend sent its streams a retry: before ending them");
        for (int i = 0; i < FRONTENDS * TOPICS.size(); i++) { // the first viewers saw everything
          assertEquals(published.get(TOPICS.get(i % TOPICS.size())).get(0), clients.get(i).received().get(0),
              "a first viewer got the topic's first event; its streams: " + clients.get(i).history());
        }
      } finally {
        for (BrowserLikeClient client : clients) {
          client.close();
        }
      }
    }
  }

  private static void awaitAnEventForEach(List<BrowserLikeClient> clients, Map<String, List<String>> published)
      throws Exception {
    eventually(WAIT, () -> clients.forEach(c -> assertFalse(c.received().isEmpty(), "an event of " + c.topic()
        + " reached a client (published: " + published.get(c.topic()).size() + "; its streams: " + c.history() + ")")));
  }

  /** One new viewer of each topic on frontend {@code fe} (its reconnects go round the others); waits for them. */
  private static void viewersOfEveryTopic(List<InetSocketAddress> frontends, int fe, List<BrowserLikeClient> clients)
      throws Exception {
    List<BrowserLikeClient> added = new ArrayList<>();
    for (String topic : TOPICS) {
      added.add(new BrowserLikeClient(frontends, fe, topic));
    }
    for (BrowserLikeClient client : added) {
      client.connected().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    clients.addAll(added);
  }

  /** Publishes to the topics in turn, one event at a time, until finished; records each topic's ids in order. */
  private static final class Publisher extends Thread {
    private final InetSocketAddress dispatcher;
    private final Map<String, List<String>> published;
    private volatile boolean running = true;
    private final AtomicInteger failures = new AtomicInteger();

    Publisher(InetSocketAddress dispatcher, Map<String, List<String>> published) {
      super("steady-publisher");
      this.dispatcher = dispatcher;
      this.published = published;
      setDaemon(true);
    }

    /** A publish that failed (a timeout on the busy machine) is not in {@code published}: nobody expects it. */
    @Override
    public void run() {
      for (long n = 0; running; n++) {
        String topic = TOPICS.get((int) (n % TOPICS.size()));
        try {
          TestHttp.Response response = TestHttp.postJson(TestHttp.url(dispatcher, "/publish"),
              publishBody(topic, "like", "{\"n\":" + n + "}"));
          if (response.status() == 202) {
            published.get(topic).add(response.json().get("id").asText());
          } else {
            failures.incrementAndGet();
          }
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      }
    }

    /** Stops publishing; says how many publishes failed. */
    int finish() throws InterruptedException {
      running = false;
      join(WAIT.toMillis());
      return failures.get();
    }
  }
}
