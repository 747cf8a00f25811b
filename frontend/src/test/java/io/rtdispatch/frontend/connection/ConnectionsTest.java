package io.rtdispatch.frontend.connection;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.history.HistorySettings;
import io.rtdispatch.frontend.connection.Connections.Reservation;
import io.rtdispatch.frontend.sse.SseFrames;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import io.rtdispatch.frontend.testing.LocalStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node's directory of connections: the limit, the slots, heartbeats and closing them all. */
class ConnectionsTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  private final FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void slotsAreReservedUpToTheLimitAndEachReleaseFreesOne() {
    Connections connections = connections(2, 1_000);

    assertEquals(Reservation.RESERVED, connections.tryReserve());
    assertEquals(Reservation.RESERVED, connections.tryReserve());
    assertEquals(Reservation.LIMIT_REACHED, connections.tryReserve());
    assertEquals(2, connections.open(), "a refused reservation takes no slot");
    assertEquals(2, metrics.connections.get());

    connections.release(null);
    assertEquals(1, connections.open());
    assertEquals(1, metrics.connections.get());
    assertEquals(Reservation.RESERVED, connections.tryReserve());
  }

  private Connections connections(int max, long maxSubscriptions) {
    return new Connections(max, maxSubscriptions, new BufferBudget(1L << 30, metrics.slowConnectionsClosed), metrics);
  }

  @Test
  void topicsBeyondTheNodesSubscriptionLimitAreRefusedWithoutTakingASlot() {
    Connections connections = connections(10, 5);

    assertEquals(Reservation.SUBSCRIPTION_LIMIT_REACHED, connections.tryReserve(6));
    assertEquals(0, connections.open(), "a refused reservation takes no slot");
    assertEquals(Reservation.RESERVED, connections.tryReserve(3));
    assertTrue(connections.tryAddSubscription() && connections.tryAddSubscription() && connections.tryAddSubscription());
    assertEquals(Reservation.SUBSCRIPTION_LIMIT_REACHED, connections.tryReserve(3), "3 of 5 are taken");
    assertEquals(Reservation.RESERVED, connections.tryReserve(0), "a stream without topics needs no subscription");
    assertTrue(connections.tryAddSubscription() && connections.tryAddSubscription());
    assertFalse(connections.tryAddSubscription(), "5 of 5 are taken");
    assertTrue(connections.subscriptionLimitReason(1).contains("5 subscriptions, the limit is 5"));

    connections.removeSubscriptions(2);
    assertEquals(Reservation.RESERVED, connections.tryReserve(2));
  }

  @Test
  void theConnectionsGaugeShowsTheTrueCountWhenAReservationAndAReleaseRace() throws Exception {
    Connections connections = connections(10, 1_000);
    connections.tryReserve();
    CyclicBarrier bothReady = new CyclicBarrier(2);
    Thread releasing = new Thread(() -> {
      for (int round = 0; round < 100_000; round++) {
        await(bothReady);
        connections.release(null);
        await(bothReady);
      }
    });
    releasing.start();
    for (int round = 0; round < 100_000; round++) {
      await(bothReady);
      connections.tryReserve(); // races with the other thread's release
      await(bothReady);
      assertEquals(1, connections.open());
      assertEquals(1, metrics.connections.get(), "the gauge after round " + round);
    }
    releasing.join();
  }

  /** Re-homing with no window, and a grace far longer than any test, so only the last stream's end completes it. */
  private static CompletionStage<Done> endAllAtOnce(Connections connections) {
    return Rehoming.endAll(connections, Duration.ZERO, Duration.ofMillis(1), Duration.ofMinutes(10),
        testKit.scheduler(), testKit.system().executionContext());
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void endingAllRefusesNewConnectionsAndCompletesAtOnceWhenThereAreNone() {
    Connections connections = connections(2, 1_000);

    assertTrue(endAllAtOnce(connections).toCompletableFuture().isDone());
    assertEquals(Reservation.SHUTTING_DOWN, connections.tryReserve());
    assertEquals(0, connections.open());
  }

  @Test
  void endingAllEndsEveryStreamAndCompletesWhenTheLastSlotIsFreed() throws Exception {
    Connections connections = connections(10, 1_000);
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    SubscriptionShards shards = new SubscriptionShards(List.of(table.getRef()), new PendingLimit(10, Long.MAX_VALUE, "t", "f"), metrics);
    connections.spawnersStarted(List.of(testKit.spawn(ConnectionSpawner.create(connections, setup(shards))),
        testKit.spawn(ConnectionSpawner.create(connections, setup(shards)))));
    try (LocalStream a = LocalStream.open(); LocalStream b = LocalStream.open()) {
      for (String id : List.of("a", "b")) {
        LocalStream stream = id.equals("a") ? a : b;
        assertEquals(Reservation.RESERVED, connections.tryReserve());
        connections.open(id, List.of("t"), null, new Outbox(id, stream.channel(), 1024), stream.channel(), null);
      }
      assertEquals(Reservation.RESERVED, connections.tryReserve()); // accepted, its actor not started yet
      eventually(WAIT, () -> assertTrue(connections.lookup("a").isPresent() && connections.lookup("b").isPresent()));

      CompletableFuture<Done> closed = endAllAtOnce(connections).toCompletableFuture();

      eventually(WAIT, () -> assertTrue(a.ended() && b.ended(), "both responses ended"));
      eventually(WAIT, () -> assertEquals(1, connections.open()));
      assertFalse(closed.isDone(), "one connection is still counted");
      connections.release(null);
      assertTrue(closed.isDone());
      assertEquals(0, metrics.connections.get());
    }
  }

  @Test
  void aConnectionWhoseActorCannotStartFreesItsSlotAndClosesItsSocket() throws Exception {
    Connections connections = connections(10, 1_000);
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    SubscriptionShards shards = new SubscriptionShards(List.of(table.getRef()), new PendingLimit(10, Long.MAX_VALUE, "t", "f"), metrics);
    connections.spawnersStarted(List.of(testKit.spawn(ConnectionSpawner.create(connections, setup(shards)))));
    try (LocalStream first = LocalStream.open(); LocalStream clash = LocalStream.open()) {
      connections.tryReserve();
      connections.open("same-id", List.of(), null, new Outbox("same-id", first.channel(), 1024), first.channel(), null);
      connections.tryReserve();
      connections.open("same-id", List.of(), null, new Outbox("same-id", clash.channel(), 1024), clash.channel(), null);

      eventually(WAIT, () -> assertFalse(clash.channel().isOpen()));
      assertEquals(1, connections.open(), "the failed start freed its own slot, the first connection keeps its");
      assertTrue(first.channel().isOpen());
    }
  }

  @Test
  void heartbeatsGoOnlyToConnectionsNothingWasOfferedToForTheInterval() throws Exception {
    Connections connections = connections(10, 1_000);
    TestProbe<ConnectionActor.Command> actor = testKit.createTestProbe();
    try (LocalStream idle = LocalStream.open(); LocalStream busy = LocalStream.open()) {
      Outbox idleOutbox = new Outbox("idle", idle.channel(), 1024);
      connections.added(new Connections.Connection("idle", idleOutbox, actor.getRef()));
      Thread.sleep(600); // the idle connection's last offer (its creation) is now over 500 ms old
      Outbox busyOutbox = new Outbox("busy", busy.channel(), 1024);
      connections.added(new Connections.Connection("busy", busyOutbox, actor.getRef()));
      busyOutbox.offer(ascii("id: 1\ndata: x\n\n"));

      connections.heartbeat(Duration.ofMillis(500).toNanos());
      busyOutbox.offer(ascii(":canary\n\n"));

      eventually(WAIT, () -> assertEquals(new String(SseFrames.HEARTBEAT, StandardCharsets.US_ASCII), idle.text()));
      eventually(WAIT, () -> assertEquals("id: 1\ndata: x\n\n:canary\n\n", busy.text(),
          "no heartbeat before the canary on a connection that just got an event"));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private StreamSetup setup(SubscriptionShards shards) {
    History history = new History(new HistorySettings(Duration.ofMinutes(1), 10, 1 << 20, Duration.ZERO), Duration.ofMinutes(1), new Metrics("test"));
    return new StreamSetup(shards, history, 5, Duration.ofSeconds(30), Duration.ofSeconds(2),
        DispatcherHistories.off());
  }
}
