package io.rtdispatch.frontend.subscription;

import static io.rtdispatch.common.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.history.HistorySettings;
import io.rtdispatch.frontend.connection.Outbox;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.sse.SseFrames;
import io.rtdispatch.frontend.testing.LocalStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One shard of the subscription table: the registrar's signals and the fan-out into outboxes. */
class SubscriptionTableTest {

  private static final History NO_HISTORY =
      new History(new HistorySettings(Duration.ZERO, 0, 0, Duration.ZERO), Duration.ZERO, new Metrics("test"));
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("akka.loglevel = WARNING"));

  private final TestProbe<TopicRegistrar.Command> registrar = testKit.createTestProbe();
  private final FrontendMetrics metrics = new FrontendMetrics(new Metrics("test"));
  private final PendingLimit pending = new PendingLimit(1000, Long.MAX_VALUE, "test", "fanned out");
  private final ActorRef<SubscriptionTable.Command> table =
      testKit.spawn(SubscriptionTable.create(registrar.getRef(), metrics, pending, NO_HISTORY));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Event event(String id, String topic) {
    return Event.create(id, topic, "like", "1".getBytes(StandardCharsets.UTF_8), 42L);
  }

  static String frames(Event... events) {
    StringBuilder text = new StringBuilder();
    for (Event event : events) {
      text.append(new String(SseFrames.event(event), StandardCharsets.UTF_8));
    }
    return text.toString();
  }

  @Test
  void theFirstSubscriberActivatesATopicAndTheLastOneDeactivatesIt() throws Exception {
    try (LocalStream a = LocalStream.open(); LocalStream b = LocalStream.open()) {
      Outbox first = new Outbox("a", a.channel(), 1024);
      table.tell(new SubscriptionTable.AddSubscriber("t", first));
      assertEquals(new TopicRegistrar.TopicActive("t"), registrar.receiveMessage());
      table.tell(new SubscriptionTable.AddSubscriber("t", new Outbox("b", b.channel(), 1024)));
      table.tell(new SubscriptionTable.RemoveSubscriber("t", "a"));
      table.tell(new SubscriptionTable.RemoveSubscriber("t", "never-subscribed"));
      table.tell(new SubscriptionTable.AddSubscriber("canary", first));
      assertEquals(new TopicRegistrar.TopicActive("canary"), registrar.receiveMessage(),
          "'t' still has a subscriber: nothing is said about it before the canary");

      table.tell(new SubscriptionTable.RemoveSubscriber("t", "b"));
      assertEquals(new TopicRegistrar.TopicInactive("t"), registrar.receiveMessage());
      table.tell(new SubscriptionTable.RemoveSubscriber("canary", "a"));
      assertEquals(new TopicRegistrar.TopicInactive("canary"), registrar.receiveMessage());
      assertEquals(0, metrics.subscriptions.get());
      assertEquals(0, metrics.topics.get());
    }
  }

  @Test
  void eachEventReachesOnlyTheOutboxesOfItsTopicAndReleasesItsPermit() throws Exception {
    try (LocalStream live = LocalStream.open(); LocalStream member = LocalStream.open()) {
      table.tell(new SubscriptionTable.AddSubscriber("live:1", new Outbox("live", live.channel(), 64 * 1024)));
      table.tell(new SubscriptionTable.AddSubscriber("member:7", new Outbox("member", member.channel(), 64 * 1024)));
      List<Event> events = List.of(event("e1", "live:1"), event("e2", "member:7"), event("e3", "nobody"),
          event("e4", "live:1"));
      pending.tryAcquire(events.size(), Event.wireBytes(events));

      table.tell(new SubscriptionTable.Deliver(events));

      eventually(WAIT, () -> assertEquals(frames(events.get(0), events.get(3)), live.text()));
      eventually(WAIT, () -> assertEquals(frames(events.get(1)), member.text()));
      assertEquals(3.0, metrics.deliveries.count(), "three frames were handed out, no more");
      assertEquals(1.0, metrics.eventsWithoutSubscribers.count());
      assertEquals(0, pending.pending(), "the batch's permits are returned once it is fanned out");
    }
  }

  @Test
  void aConnectionWhoseBufferIsFullDropsAndCountsWhileTheOthersGetEverything() throws Exception {
    // A socket that takes nothing: the channel is past its high-water mark and its loop never runs.
    EmbeddedChannel stuckChannel = new EmbeddedChannel();
    stuckChannel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
    stuckChannel.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[32])));
    int frameBytes = SseFrames.event(event("e00", "t")).length;
    Outbox stuck = new Outbox("stuck", stuckChannel, 3L * frameBytes);
    try (LocalStream reader = LocalStream.open()) {
      table.tell(new SubscriptionTable.AddSubscriber("t", stuck));
      table.tell(new SubscriptionTable.AddSubscriber("t", new Outbox("reader", reader.channel(), 64 * 1024)));
      List<Event> events = new ArrayList<>();
      for (int i = 10; i < 40; i++) {
        events.add(event("e" + i, "t"));
        table.tell(new SubscriptionTable.Deliver(List.of(events.get(events.size() - 1))));
      }

      eventually(WAIT, () -> assertEquals(frames(events.toArray(Event[]::new)), reader.text()));
      eventually(WAIT, () -> assertEquals(27.0, metrics.drops.count(), "30 events, 3 fit the stuck buffer"));
      assertEquals(27, stuck.drops());
      assertEquals(33.0, metrics.deliveries.count());
    }
  }
}
