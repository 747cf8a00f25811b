package io.rtdispatch.frontend.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.testing.OneNodeCluster;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registrar on a one-node cluster, with a test probe registered in the Receptionist as a dispatcher's view. */
class TopicRegistrarTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ActorTestKit testKit;

  @BeforeAll
  static void startCluster() {
    testKit = OneNodeCluster.start("", WAIT);
  }

  @AfterAll
  static void stopCluster() {
    testKit.shutdownTestKit();
  }

  private final List<ActorRef<TopicRegistrar.Command>> registrars = new ArrayList<>();
  private final TestProbe<ToView> view = testKit.createTestProbe();

  @AfterEach
  void stopRegistrars() {
    registrars.forEach(testKit::stop);
    testKit.system().receptionist().tell(Receptionist.deregister(RegistryProtocol.VIEWS, view.ref()));
  }

  private static RegistrySettings settings(Duration grace, int chunkBytes) {
    return new RegistrySettings("local", Duration.ofSeconds(3), Duration.ofMillis(10), grace, Duration.ofMinutes(5),
        chunkBytes);
  }

  /** A registrar that has found the view (and sent it its first, empty snapshot). */
  private ActorRef<TopicRegistrar.Command> registrar(RegistrySettings settings, FrontendMetrics metrics) {
    TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
    testKit.system().receptionist().tell(Receptionist.register(RegistryProtocol.VIEWS, view.ref(), registered.ref()));
    registered.receiveMessage(WAIT);
    ActorRef<TopicRegistrar.Command> registrar = testKit.spawn(TopicRegistrar.create(settings, metrics, Duration.ZERO));
    registrars.add(registrar);
    RegistryProtocol.SnapshotChunk first = next(RegistryProtocol.SnapshotChunk.class);
    assertTrue(first.first() && first.last() && first.topics().isEmpty(), first.toString());
    return registrar;
  }

  @Test
  void aTopicIsRoutableOnlyOnceTheViewAcknowledgedItsDeltaAndIsWithdrawnAfterTheGrace() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofMillis(300), 65536), metrics());
    registrar.tell(new TopicRegistrar.TopicActive("live:1"));
    TestProbe<TopicRegistrar.Routable> asker = testKit.createTestProbe();
    registrar.tell(new TopicRegistrar.AwaitRoutable("live:1", asker.ref()));
    RegistryProtocol.Delta delta = next(RegistryProtocol.Delta.class);
    assertEquals(List.of("live:1"), delta.added());
    // canary: a topic not wanted here is answered at once, so it is answered first if live:1 waits
    registrar.tell(new TopicRegistrar.AwaitRoutable("unwanted:1", asker.ref()));
    assertEquals(new TopicRegistrar.Routable("unwanted:1", false), asker.receiveMessage(WAIT),
        "no answer for live:1 before the view acknowledged it");

    delta.registrar().tell(new RegistryProtocol.Ack(view.ref(), delta.seq()));
    assertEquals(new TopicRegistrar.Routable("live:1", true), asker.receiveMessage(WAIT));

    registrar.tell(new TopicRegistrar.TopicInactive("live:1"));
    RegistryProtocol.Delta removal = next(RegistryProtocol.Delta.class);
    assertEquals(List.of("live:1"), removal.removed());
    assertEquals(delta.seq() + 1, removal.seq());
  }

  @Test
  void aSubscriberReturningWithinTheGraceSendsNothing() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofSeconds(30), 65536), metrics());
    registrar.tell(new TopicRegistrar.TopicActive("live:reload"));
    next(RegistryProtocol.Delta.class);
    registrar.tell(new TopicRegistrar.TopicInactive("live:reload"));
    registrar.tell(new TopicRegistrar.TopicActive("live:reload"));
    registrar.tell(new TopicRegistrar.TopicActive("live:canary"));
    RegistryProtocol.Delta next = next(RegistryProtocol.Delta.class);
    assertEquals(List.of("live:canary"), next.added(), "the next change is the canary's alone: " + next);
    assertEquals(List.of(), next.removed(), "live:reload was never withdrawn: " + next);
  }

  @Test
  void aBurstGoesOutInDeltasBelowTheChunkSizeAndASnapshotOnRequest() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofSeconds(30), 1024), metrics());
    Set<String> topics = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      topics.add("member:" + i);
      registrar.tell(new TopicRegistrar.TopicActive("member:" + i));
    }
    Set<String> sent = new HashSet<>();
    RegistryProtocol.Delta delta = null;
    while (sent.size() < topics.size()) {
      delta = next(RegistryProtocol.Delta.class);
      assertTrue(delta.added().stream().mapToInt(t -> t.length() + 2).sum() < 1024 + 20, "chunked");
      sent.addAll(delta.added());
    }
    assertEquals(topics, sent);

    delta.registrar().tell(new RegistryProtocol.SnapshotRequest(view.ref()));
    Set<String> snapshot = new HashSet<>();
    RegistryProtocol.SnapshotChunk chunk;
    do {
      chunk = next(RegistryProtocol.SnapshotChunk.class);
      snapshot.addAll(chunk.topics());
    } while (!chunk.last());
    assertEquals(topics, snapshot);
  }

  @Test
  void unregisterAllWithdrawsEveryTopicAndRepliesOnceAcknowledged() {
    ActorRef<TopicRegistrar.Command> registrar = registrar(settings(Duration.ofSeconds(30), 65536), metrics());
    registrar.tell(new TopicRegistrar.TopicActive("bye:1"));
    registrar.tell(new TopicRegistrar.TopicActive("bye:2"));
    registrar.tell(new TopicRegistrar.TopicInactive("bye:2"));
    Set<String> announced = new HashSet<>();
    while (announced.size() < 2) { // one delta or two, depending on when the first flush ran
      RegistryProtocol.Delta added = next(RegistryProtocol.Delta.class);
      announced.addAll(added.added());
      added.registrar().tell(new RegistryProtocol.Ack(view.ref(), added.seq()));
    }

    TestProbe<Object> replies = testKit.createTestProbe();
    registrar.tell(new TopicRegistrar.UnregisterAll(replies.ref().<Done>narrow()));
    RegistryProtocol.Delta removed = next(RegistryProtocol.Delta.class);
    assertEquals(Set.of("bye:1", "bye:2"), Set.copyOf(removed.removed()));
    assertEquals(List.of(), removed.added());
    // canary: a stopping registrar answers this at once; a premature Done would come before it
    registrar.tell(new TopicRegistrar.AwaitRoutable("bye:1", replies.ref().<TopicRegistrar.Routable>narrow()));
    assertEquals(new TopicRegistrar.Routable("bye:1", false), replies.receiveMessage(WAIT),
        "no Done before the view acknowledged the withdrawal");
    removed.registrar().tell(new RegistryProtocol.Ack(view.ref(), removed.seq()));
    replies.expectMessage(WAIT, Done.getInstance());

    registrar.tell(new TopicRegistrar.TopicActive("bye:3"));
    view.expectNoMessage(Duration.ofMillis(200));
  }

  /** The view's next message of {@code type}; heartbeats and other kinds are skipped. */
  private <T extends ToView> T next(Class<T> type) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ToView message = view.receiveMessage(WAIT);
      if (type.isInstance(message)) {
        return type.cast(message);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
  }

  private static FrontendMetrics metrics() {
    return new FrontendMetrics(new Metrics("test"));
  }
}
