package io.rtdispatch.frontend.subscription;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static io.rtdispatch.frontend.subscription.SubscriptionTableTest.event;
import static io.rtdispatch.frontend.subscription.SubscriptionTableTest.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.history.HistorySettings;
import io.rtdispatch.frontend.connection.Outbox;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.testing.LocalStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The subscription table split by topic over several shards, and the intake in front of them. */
class SubscriptionShardsTest {

  private static final History NO_HISTORY =
      new History(new HistorySettings(Duration.ZERO, 0, 0, Duration.ZERO), Duration.ZERO, new Metrics("test"));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int SHARDS = 4;
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  private final FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** What shard {@code shard} was told. */
  private record Told(int shard, SubscriptionTable.Command command) {}

  @Test
  void aTopicAlwaysGoesToTheSameShardAndItsEventsKeepTheirOrder() {
    TestProbe<Told> told = testKit.createTestProbe();
    List<ActorRef<SubscriptionTable.Command>> shards = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      int shard = i;
      shards.add(testKit.spawn(Behaviors.<SubscriptionTable.Command>receiveMessage(command -> {
        told.getRef().tell(new Told(shard, command));
        return Behaviors.same();
      })));
    }
    SubscriptionShards table = new SubscriptionShards(shards, new PendingLimit(10_000, Long.MAX_VALUE, "test", "fanned out"), metrics);
    List<String> topics = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      topics.add("live:" + i);
      table.subscribe("live:" + i, new Outbox("c" + i, null, 1024));
      table.unsubscribe("live:" + i, "c" + i);
    }
    for (int round = 0; round < 3; round++) {
      for (String topic : topics) {
        events.add(event(topic + "#" + round, topic));
      }
    }

    assertTrue(table.offer(events));

    Map<String, Set<Integer>> shardsOfTopic = new HashMap<>();
    Map<Integer, List<String>> deliveredBy = new HashMap<>();
    int changes = 0;
    int deliveries = 0;
    int delivered = 0;
    while (changes < 2 * topics.size() || delivered < events.size()) {
      Told message = told.receiveMessage();
      if (message.command() instanceof SubscriptionTable.Deliver deliver) {
        deliveries++;
        for (Event event : deliver.events()) {
          delivered++;
          shardsOfTopic.computeIfAbsent(event.topic(), t -> new HashSet<>()).add(message.shard());
          deliveredBy.computeIfAbsent(message.shard(), s -> new ArrayList<>()).add(event.id());
        }
      } else {
        changes++;
        String topic = message.command() instanceof SubscriptionTable.AddSubscriber s ? s.topic()
            : ((SubscriptionTable.RemoveSubscriber) message.command()).topic();
        shardsOfTopic.computeIfAbsent(topic, t -> new HashSet<>()).add(message.shard());
      }
    }
    shardsOfTopic.forEach((topic, seen) -> assertEquals(1, seen.size(), topic + " went to shards " + seen));
    assertTrue(deliveredBy.size() > 1, "topics are spread over the shards: " + deliveredBy.keySet());
    assertEquals(deliveredBy.size(), deliveries, "one Deliver per shard that has events of the batch");
    deliveredBy.values().forEach(ids -> assertEquals(
        events.stream().map(Event::id).filter(ids::contains).toList(), ids, "the batch's order within a shard"));
  }

  @Test
  void eventsFanOutOnEveryShardToTheirTopicsSubscribersAndReturnTheirPermits() throws Exception {
    TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
    PendingLimit pending = new PendingLimit(1000, Long.MAX_VALUE, "test", "fanned out");
    List<ActorRef<SubscriptionTable.Command>> tables = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      tables.add(testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, pending, NO_HISTORY)));
    }
    SubscriptionShards shards = new SubscriptionShards(tables, pending, metrics);
    List<LocalStream> streams = new ArrayList<>();
    try {
      Set<TopicRegistrar.Command> activated = new HashSet<>();
      for (int i = 0; i < 8; i++) {
        streams.add(LocalStream.open());
        shards.subscribe("topic:" + i, new Outbox("c" + i, streams.get(i).channel(), 64 * 1024));
        activated.add(new TopicRegistrar.TopicActive("topic:" + i));
      }
      assertEquals(activated, Set.copyOf(registrar.receiveSeveralMessages(8)));
      List<Event> events = new ArrayList<>();
      for (int n = 0; n < 25; n++) {
        for (int i = 0; i < 8; i++) {
          events.add(event("e" + n + "-" + i, "topic:" + i));
        }
      }

      assertTrue(shards.offer(events));

      for (int i = 0; i < 8; i++) {
        String topic = "topic:" + i;
        String expected = frames(events.stream().filter(e -> e.topic().equals(topic)).toArray(Event[]::new));
        LocalStream stream = streams.get(i);
        eventually(WAIT, () -> assertEquals(expected, stream.text(), topic));
      }
      eventually(WAIT, () -> assertEquals(0, pending.pending(), "every shard returned its permits"));
      assertEquals(events.size(), metrics.eventsReceived.count());
    } finally {
      streams.forEach(LocalStream::close);
    }
  }

  @Test
  void aBatchBeyondThePendingLimitIsRefusedWholeAndCounted() {
    TestProbe<SubscriptionTable.Command> shard = testKit.createTestProbe();
    PendingLimit pending = new PendingLimit(3, Long.MAX_VALUE, "test", "fanned out");
    SubscriptionShards shards = new SubscriptionShards(List.of(shard.getRef()), pending, metrics);

    assertTrue(shards.offer(List.of(event("a", "t"), event("b", "t"))));
    assertFalse(shards.offer(List.of(event("c", "t"), event("d", "t"))), "2 waiting + 2 is over the limit of 3");

    assertEquals(2.0, metrics.deliveriesRefused.count());
    assertEquals(List.of("a", "b"), shard.expectMessageClass(SubscriptionTable.Deliver.class).events().stream()
        .map(Event::id).toList());
    assertEquals(2, pending.pending(), "held until the shard has fanned them out");
  }
}
