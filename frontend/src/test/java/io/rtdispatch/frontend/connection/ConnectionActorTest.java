package io.rtdispatch.frontend.connection;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.history.HistorySettings;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import io.rtdispatch.frontend.testing.LocalStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's actor against a real Netty channel (an in-VM pair), a real {@link Connections}
 * directory, and a probe as the only subscription shard.
 */
class ConnectionActorTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  private final FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
  private final TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
  private final SubscriptionShards shards =
      new SubscriptionShards(List.of(table.getRef()), new PendingLimit(100, Long.MAX_VALUE, "test", "fanned out"), metrics);
  private final History history =
      new History(new HistorySettings(Duration.ofMinutes(1), 100, 1 << 20, Duration.ZERO), Duration.ofMinutes(1), new Metrics("test"));
  private final Connections connections = new Connections(10, 1_000, new BufferBudget(1L << 30, metrics.slowConnectionsClosed), metrics);
  private final TestProbe<SubscriptionResult> replies = testKit.createTestProbe();
  private final LocalStream stream;
  private final Outbox outbox;

  ConnectionActorTest() throws Exception {
    stream = LocalStream.open();
    outbox = new Outbox("c1", stream.channel(), 64 * 1024);
  }

  @AfterEach
  void closeStream() {
    stream.close();
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A connection as the connect path starts it: its slot reserved first. */
  private ActorRef<ConnectionActor.Command> start(List<String> topics, int maxTopics) {
    assertEquals(Connections.Reservation.RESERVED, connections.tryReserve());
    return testKit.spawn(ConnectionActor.create("c1", topics, null, outbox, stream.channel(), connections,
        new StreamSetup(shards, history, maxTopics, Duration.ofSeconds(30), Duration.ofSeconds(2),
        DispatcherHistories.off())));
  }

  /** Takes the next subscription the table got, checks it, and answers it as table and registrar do. */
  private SubscriptionTable.AddSubscriber answer(String topic, History.Entry... replay) {
    SubscriptionTable.AddSubscriber subscribe = table.expectMessageClass(SubscriptionTable.AddSubscriber.class);
    assertEquals(topic, subscribe.topic());
    assertSame(outbox, subscribe.outbox());
    if (subscribe.replayTo() != null) {
      subscribe.replayTo().tell(new History.Replay(topic, List.of(replay), false));
    }
    subscribe.routableTo().tell(new TopicRegistrar.Routable(topic, true));
    return subscribe;
  }

  @Test
  void theInitialTopicsAreSubscribedAndTheConnectionCanBeLookedUp() {
    start(List.of("live:1", "member:7"), 10);

    answer("live:1");
    answer("member:7");
    assertTrue(connections.lookup("c1").isPresent());
  }

  @Test
  void topicsBeyondTheLimitAreRefusedAndAnExistingTopicDoesNotCountTwice() {
    ActorRef<ConnectionActor.Command> connection = start(List.of("a"), 2);
    table.expectMessageClass(SubscriptionTable.AddSubscriber.class);

    connection.tell(new ConnectionActor.Subscribe("b", replies.getRef()));
    answer("b");
    assertEquals(new SubscriptionResult.SubscriptionChanged("c1", "b", true, true), replies.receiveMessage());
    connection.tell(new ConnectionActor.Subscribe("c", replies.getRef()));
    assertTrue(assertInstanceOf(SubscriptionResult.LimitReached.class, replies.receiveMessage()).reason()
        .contains("the limit is 2"));
    connection.tell(new ConnectionActor.Subscribe("a", replies.getRef()));
    answer("a"); // a repeated subscription is answered once routable too
    assertEquals(new SubscriptionResult.SubscriptionChanged("c1", "a", true, true), replies.receiveMessage());

    connection.tell(new ConnectionActor.Unsubscribe("a", replies.getRef()));
    replies.receiveMessage();
    assertEquals(new SubscriptionTable.RemoveSubscriber("a", "c1"), table.receiveMessage(),
        "the refused topic did not reach the table before this canary");
  }

  @Test
  void unsubscribingIsIdempotent() {
    ActorRef<ConnectionActor.Command> connection = start(List.of("a"), 5);
    table.expectMessageClass(SubscriptionTable.AddSubscriber.class);

    for (int i = 0; i < 2; i++) {
      connection.tell(new ConnectionActor.Unsubscribe("a", replies.getRef()));
      assertEquals(new SubscriptionResult.SubscriptionChanged("c1", "a", false, null), replies.receiveMessage());
    }
    connection.tell(new ConnectionActor.Unsubscribe("never", replies.getRef()));
    assertEquals(new SubscriptionResult.SubscriptionChanged("c1", "never", false, null), replies.receiveMessage());

    assertEquals(new SubscriptionTable.RemoveSubscriber("a", "c1"), table.receiveMessage());
    connection.tell(new ConnectionActor.Subscribe("canary", replies.getRef()));
    assertEquals("canary", table.expectMessageClass(SubscriptionTable.AddSubscriber.class).topic(),
        "the table heard of 'a' once, and never of 'never'");
  }

  @Test
  void theChannelClosingRemovesEverySubscriptionFreesTheSlotAndStopsTheActor() throws Exception {
    assertEquals(Connections.Reservation.RESERVED, connections.tryReserve()); // another connection's slot
    ActorRef<ConnectionActor.Command> connection = start(List.of("a", "b"), 5);
    table.receiveSeveralMessages(2);

    stream.channel().close();

    table.expectTerminated(connection, WAIT);
    assertEquals(Set.of(new SubscriptionTable.RemoveSubscriber("a", "c1"), new SubscriptionTable.RemoveSubscriber("b", "c1")),
        Set.copyOf(table.receiveSeveralMessages(2)));
    assertEquals(1, connections.open(), "exactly its own slot was freed");
    assertEquals(1, metrics.connections.get());
    assertFalse(connections.lookup("c1").isPresent());
    assertEquals(Outbox.Offer.CLOSED, outbox.offer(new byte[] {':', '\n', '\n'}));
  }

  @Test
  void aChannelAlreadyClosedWhenTheActorStartsStillFreesEverything() {
    stream.channel().close().syncUninterruptibly();

    ActorRef<ConnectionActor.Command> connection = start(List.of("a"), 5);

    table.expectTerminated(connection, WAIT);
    assertEquals("a", table.expectMessageClass(SubscriptionTable.AddSubscriber.class).topic());
    assertEquals(new SubscriptionTable.RemoveSubscriber("a", "c1"), table.receiveMessage());
    assertEquals(0, connections.open());
    assertFalse(connections.lookup("c1").isPresent());
  }

  @Test
  void theConnectedFrameWaitsForTheTopicsThenTheReplayThenWhatWasHeld() throws Exception {
    outbox.hold();
    start(List.of("a"), 5);
    byte[] replayed = "id: 1\ndata: old\n\n".getBytes(StandardCharsets.US_ASCII);
    outbox.offer("id: 2\ndata: live\n\n".getBytes(StandardCharsets.US_ASCII));

    answer("a", new History.Entry("1", 1, 0, replayed));

    // the stream's whole text, once the live frame arrived: anything written before the topic was
    // routable would stand before the connected frame
    eventually(WAIT, () -> assertTrue(stream.text().endsWith("data: live\n\n")));
    assertEquals("retry: 2000\nevent: connected\ndata: {\"connectionId\":\"c1\",\"routable\":true,"
        + "\"recovered\":false}\n\nid: 1\ndata: old\n\nid: 2\ndata: live\n\n", stream.text());
  }

  @Test
  void closeWritesWhatIsPendingEndsTheResponseAndStopsTheActor() throws Exception {
    ActorRef<ConnectionActor.Command> connection = start(List.of("a"), 5);
    table.expectMessageClass(SubscriptionTable.AddSubscriber.class);
    outbox.offer(":last words\n\n".getBytes(StandardCharsets.US_ASCII));

    connection.tell(ConnectionActor.Close.INSTANCE);

    eventually(WAIT, () -> assertTrue(stream.ended(), "the response's last chunk arrived"));
    assertEquals(":last words\n\n", stream.text());
    table.expectTerminated(connection, WAIT);
    assertFalse(stream.channel().isOpen());
    assertEquals(new SubscriptionTable.RemoveSubscriber("a", "c1"), table.receiveMessage());
    assertEquals(0, connections.open());
  }
}
