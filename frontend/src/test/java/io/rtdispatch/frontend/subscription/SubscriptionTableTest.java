package io.rtdispatch.frontend.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.javadsl.AsPublisher;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SubscriptionTableTest {

  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private record Client(Subscriber subscriber, CompletionStage<List<ByteString>> frames) {}

  /** A subscriber whose stream collects {@code expected} frames. */
  private static Client client(String id, int expected) {
    Pair<BoundedSourceQueue<ByteString>, CompletionStage<List<ByteString>>> pair = Source.<ByteString>queue(64)
        .take(expected).toMat(Sink.seq(), Keep.both()).run(testKit.system());
    return new Client(new Subscriber(id, pair.first()), pair.second());
  }

  private static Event event(String id, String topic) {
    return Event.create(id, topic, "like", "1".getBytes(StandardCharsets.UTF_8), 42L);
  }

  @Test
  void firstSubscriberActivatesATopicAndTheLastOneDeactivatesIt() {
    TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    ActorRef<SubscriptionTable.Command> table = testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, new PendingLimit(1000, "test", "fanned out")));

    table.tell(new SubscriptionTable.Subscribe("t", client("a", 1).subscriber()));
    assertEquals(new TopicRegistrar.TopicActive("t"), registrar.receiveMessage());
    table.tell(new SubscriptionTable.Subscribe("t", client("b", 1).subscriber()));
    table.tell(new SubscriptionTable.Unsubscribe("t", "a"));
    registrar.expectNoMessage(Duration.ofMillis(200));
    table.tell(new SubscriptionTable.Unsubscribe("t", "b"));
    assertEquals(new TopicRegistrar.TopicInactive("t"), registrar.receiveMessage());
    assertEquals(0, metrics.subscriptions.get());
    assertEquals(0, metrics.topics.get());
  }

  @Test
  void deliversEachEventOnlyToSubscribersOfItsTopic() throws Exception {
    TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    ActorRef<SubscriptionTable.Command> table = testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, new PendingLimit(1000, "test", "fanned out")));
    Client live = client("live-viewer", 2);
    Client member = client("member-7", 1);
    table.tell(new SubscriptionTable.Subscribe("live:1", live.subscriber()));
    table.tell(new SubscriptionTable.Subscribe("member:7", member.subscriber()));

    table.tell(new SubscriptionTable.Deliver(List.of(event("e1", "live:1"), event("e2", "member:7"),
        event("e3", "nobody"), event("e4", "live:1"))));

    List<ByteString> liveFrames = live.frames().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(List.of("e1", "e4"), liveFrames.stream().map(SubscriptionTableTest::idOf).toList());
    assertEquals("id: e1\ndata: {\"id\":\"e1\",\"topic\":\"live:1\",\"type\":\"like\",\"data\":1,\"publishedAt\":42}\n\n",
        liveFrames.get(0).utf8String());
    assertEquals(List.of("e2"), member.frames().toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
        .map(SubscriptionTableTest::idOf).toList());
    registrar.awaitAssert(() -> {
      assertEquals(3.0, metrics.deliveries.count());
      assertEquals(1.0, metrics.eventsWithoutSubscribers.count());
      return null;
    });
  }

  @Test
  void aFullBufferDropsAndCountsInsteadOfQueueing() {
    TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    ActorRef<SubscriptionTable.Command> table = testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, new PendingLimit(1000, "test", "fanned out")));
    // Nobody subscribes to this stream's publisher, so nothing is ever pulled: a reader that never reads.
    BoundedSourceQueue<ByteString> stuck = Source.<ByteString>queue(3)
        .toMat(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), Keep.left()).run(testKit.system());
    Client reader = client("reader", 10);
    table.tell(new SubscriptionTable.Subscribe("t", new Subscriber("stuck", stuck)));
    table.tell(new SubscriptionTable.Subscribe("t", reader.subscriber()));

    for (int i = 0; i < 10; i++) {
      table.tell(new SubscriptionTable.Deliver(List.of(event("e" + i, "t"))));
    }

    registrar.awaitAssert(() -> {
      assertEquals(7.0, metrics.drops.count());
      return null;
    });
    assertEquals(3, stuck.size(), "the stuck connection holds exactly its buffer");
    assertTrue(reader.frames().toCompletableFuture().join().size() == 10, "the other connection got everything");
  }

  @Test
  void removingAConnectionForgetsAllItsTopics() {
    TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
    FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
    ActorRef<SubscriptionTable.Command> table = testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, new PendingLimit(1000, "test", "fanned out")));
    Client c = client("c", 1);
    table.tell(new SubscriptionTable.Subscribe("a", c.subscriber()));
    table.tell(new SubscriptionTable.Subscribe("b", c.subscriber()));
    registrar.receiveSeveralMessages(2);

    table.tell(new SubscriptionTable.RemoveConnection("c", Set.of("a", "b")));

    assertEquals(Set.of(new TopicRegistrar.TopicInactive("a"), new TopicRegistrar.TopicInactive("b")),
        Set.copyOf(registrar.receiveSeveralMessages(2)));
    table.tell(new SubscriptionTable.Deliver(List.of(event("e", "a"))));
    registrar.awaitAssert(() -> {
      assertEquals(1.0, metrics.eventsWithoutSubscribers.count());
      return null;
    });
  }

  private static String idOf(ByteString frame) {
    String text = frame.utf8String();
    return text.substring("id: ".length(), text.indexOf('\n'));
  }
}
