package io.rtdispatch.frontend.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.stream.javadsl.Sink;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.settings.HttpSettings;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ConnectionActorTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  static FrontendSettings settings(int buffer, int maxTopics) {
    return new FrontendSettings(new HttpSettings("127.0.0.1", 0), "", Duration.ofSeconds(15), Duration.ofSeconds(3),
        buffer, 100, maxTopics, "*", 1 << 20, 1000, "live:demo", "");
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void streamStartsWithTheConnectedFrameAndInitialTopicsAreSubscribed() throws Exception {
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    TestProbe<ConnectionManager.OpenResult> opened = testKit.createTestProbe();
    testKit.spawn(ConnectionActor.create("c1", List.of("live:1", "member:7"), opened.getRef(), table.getRef(),
        settings(8, 10)));

    ConnectionManager.Opened result = opened.expectMessageClass(ConnectionManager.Opened.class);
    assertEquals("c1", result.connectionId());
    ByteString first = result.stream().runWith(Sink.head(), testKit.system()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals("retry: 3000\nevent: connected\ndata: {\"connectionId\":\"c1\"}\n\n", first.utf8String());
    assertEquals("live:1", table.expectMessageClass(SubscriptionTable.Subscribe.class).topic());
    assertEquals("member:7", table.expectMessageClass(SubscriptionTable.Subscribe.class).topic());
  }

  @Test
  void refusesTopicsBeyondItsLimitAndKeepsTheOthers() {
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    TestProbe<ConnectionManager.OpenResult> opened = testKit.createTestProbe();
    TestProbe<ConnectionManager.SubscriptionResult> replies = testKit.createTestProbe();
    ActorRef<ConnectionActor.Command> connection = testKit.spawn(
        ConnectionActor.create("c2", List.of("a"), opened.getRef(), table.getRef(), settings(8, 2)));
    table.expectMessageClass(SubscriptionTable.Subscribe.class);

    connection.tell(new ConnectionActor.Subscribe("b", replies.getRef()));
    assertEquals(new ConnectionManager.SubscriptionChanged("c2", "b", true), replies.receiveMessage());
    table.expectMessageClass(SubscriptionTable.Subscribe.class);

    connection.tell(new ConnectionActor.Subscribe("c", replies.getRef()));
    assertInstanceOf(ConnectionManager.LimitReached.class, replies.receiveMessage());
    connection.tell(new ConnectionActor.Subscribe("a", replies.getRef()));
    assertEquals(new ConnectionManager.SubscriptionChanged("c2", "a", true), replies.receiveMessage(),
        "an existing topic does not count twice");
    table.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void unsubscribingTellsTheTableAndIsIdempotent() {
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    TestProbe<ConnectionManager.OpenResult> opened = testKit.createTestProbe();
    TestProbe<ConnectionManager.SubscriptionResult> replies = testKit.createTestProbe();
    ActorRef<ConnectionActor.Command> connection = testKit.spawn(
        ConnectionActor.create("c3", List.of("a"), opened.getRef(), table.getRef(), settings(8, 5)));
    table.expectMessageClass(SubscriptionTable.Subscribe.class);

    connection.tell(new ConnectionActor.Unsubscribe("a", replies.getRef()));
    assertEquals(new ConnectionManager.SubscriptionChanged("c3", "a", false), replies.receiveMessage());
    assertEquals(new SubscriptionTable.Unsubscribe("a", "c3"), table.receiveMessage());
    connection.tell(new ConnectionActor.Unsubscribe("a", replies.getRef()));
    assertEquals(new ConnectionManager.SubscriptionChanged("c3", "a", false), replies.receiveMessage());
    table.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void clientGoingAwayRemovesAllItsSubscriptionsAndStopsTheActor() {
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    TestProbe<ConnectionManager.OpenResult> opened = testKit.createTestProbe();
    ActorRef<ConnectionActor.Command> connection = testKit.spawn(
        ConnectionActor.create("c4", List.of("a", "b"), opened.getRef(), table.getRef(), settings(8, 5)));
    ConnectionManager.Opened result = opened.expectMessageClass(ConnectionManager.Opened.class);
    table.expectMessageClass(SubscriptionTable.Subscribe.class);
    table.expectMessageClass(SubscriptionTable.Subscribe.class);

    // The HTTP layer cancels the response stream when the client disconnects: take one frame, then cancel.
    result.stream().take(1).runWith(Sink.ignore(), testKit.system());

    SubscriptionTable.RemoveConnection removed = table.expectMessageClass(SubscriptionTable.RemoveConnection.class);
    assertEquals(new SubscriptionTable.RemoveConnection("c4", Set.of("a", "b")), removed);
    table.expectTerminated(connection);
  }

  @Test
  void closeEndsTheStreamAfterWhatIsBuffered() throws Exception {
    TestProbe<SubscriptionTable.Command> table = testKit.createTestProbe();
    TestProbe<ConnectionManager.OpenResult> opened = testKit.createTestProbe();
    ActorRef<ConnectionActor.Command> connection = testKit.spawn(
        ConnectionActor.create("c5", List.of(), opened.getRef(), table.getRef(), settings(8, 5)));
    ConnectionManager.Opened result = opened.expectMessageClass(ConnectionManager.Opened.class);
    CompletionStage<List<ByteString>> frames = result.stream().runWith(Sink.seq(), testKit.system());

    connection.tell(ConnectionActor.Close.INSTANCE);

    List<ByteString> all = frames.toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(1, all.size());
    assertTrue(all.get(0).utf8String().contains("event: connected"));
    table.expectMessageClass(SubscriptionTable.RemoveConnection.class);
    table.expectTerminated(connection);
  }
}
