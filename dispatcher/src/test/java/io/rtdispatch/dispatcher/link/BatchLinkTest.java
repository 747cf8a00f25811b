package io.rtdispatch.dispatcher.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.ByteBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BatchLink over a real ActorSystem with a recording {@code send} whose stages the test completes.
 * Where a test asserts how events were grouped, it first checks that no further send happens
 * while one is in flight; that also lets the stream take in the events just offered, so the
 * grouping does not depend on when the test completes the in-flight send.
 */
class BatchLinkTest {

  /** Generous upper bound for something that is expected to happen; never reached when tests pass. */
  private static final long WAIT_SECONDS = 10;
  /** How long to look for something that must not happen. */
  private static final long QUIET_MILLIS = 200;

  private static ActorTestKit testKit;

  private final List<BatchLink> links = new ArrayList<>();

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("BatchLinkTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void closeLinks() {
    links.forEach(BatchLink::close);
  }

  /** One call of {@code send}: the batch and the stage the test completes when it likes. */
  private record Call(List<Event> batch, long deadlineNanos, CompletableFuture<Done> done) {
    List<String> ids() {
      return batch.stream().map(Event::id).toList();
    }
  }

  /** A {@code send} that records every batch; each call completes when the test says so. */
  private static class RecordingSend implements Function<Batch, CompletionStage<Done>> {
    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final AtomicInteger expired = new AtomicInteger();
    volatile boolean completeAtOnce;

    @Override
    public CompletionStage<Done> apply(Batch batch) {
      Call call = new Call(List.copyOf(batch.events()), batch.deadlineNanos(), new CompletableFuture<>());
      if (completeAtOnce) {
        call.done().complete(Done.getInstance());
      }
      calls.add(call);
      return call.done();
    }

    Call next() throws InterruptedException {
      Call call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(call, "send was not called");
      return call;
    }

    void assertNoMoreCalls() throws InterruptedException {
      assertNull(calls.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS), "unexpected send");
    }

    /** Collects sent event ids until {@code count} arrived, completing each send at once. */
    List<String> collect(int count) throws InterruptedException {
      List<String> ids = new ArrayList<>();
      while (ids.size() < count) {
        Call call = next();
        ids.addAll(call.ids());
        call.done().complete(Done.getInstance());
      }
      return ids;
    }
  }

  private BatchLink link(int queueSize, long maxBatchBytes, int parallelism, RecordingSend send) {
    return link(queueSize, maxBatchBytes, parallelism, Duration.ofSeconds(WAIT_SECONDS * 2), send);
  }

  private BatchLink link(int queueSize, long maxBatchBytes, int parallelism, Duration timeout, RecordingSend send) {
    return link(queueSize, maxBatchBytes, parallelism, timeout, send, new ByteBudget(Long.MAX_VALUE));
  }

  private BatchLink link(int queueSize, long maxBatchBytes, int parallelism, Duration timeout, RecordingSend send,
      ByteBudget budget) {
    BatchLink link = new BatchLink(testKit.system(), new LinkSettings(queueSize, maxBatchBytes, parallelism, timeout),
        send, send.expired::addAndGet, budget);
    links.add(link);
    return link;
  }

  /** An event's line in a request body: id, topic, envelope, two spaces and a newline. */
  private static long wireBytes(Event e) {
    return e.wireBytes();
  }

  @Test
  void eventsBeyondTheNodesQueuedBytesAreDroppedAndTheBytesComeBackOnceSent() throws Exception {
    RecordingSend send = new RecordingSend();
    long one = event("e0", "live:1").wireBytes();
    ByteBudget budget = new ByteBudget(3 * one);
    BatchLink link = link(100, 1 << 20, 1, Duration.ofSeconds(WAIT_SECONDS * 2), send, budget);

    assertTrue(link.offer(event("e1", "live:1")));
    Call first = send.next(); // in flight: its bytes are still held
    assertTrue(link.offer(event("e2", "live:1")));
    assertTrue(link.offer(event("e3", "live:1")));
    assertFalse(link.offer(event("e4", "live:1")), "a fourth event would hold more than the budget");
    assertEquals(3 * one, budget.used());

    first.done().complete(Done.getInstance());
    Call second = send.next();
    assertEquals(List.of("e2", "e3"), second.ids());
    second.done().complete(Done.getInstance());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (budget.used() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, budget.used(), "every byte comes back once its batch is sent");
    assertTrue(link.offer(event("e5", "live:1")));
  }

  private static Event event(String id, String topic) {
    return Event.create(id, topic, "like", "{\"n\":1}".getBytes(UTF_8), 1700000000000L);
  }

  @Test
  void sendsAnOfferedEventAlone() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 1 << 20, 1, send);

    assertTrue(link.offer(event("e1", "live:42")));

    Call call = send.next();
    assertEquals(List.of("e1"), call.ids());
    assertEquals(event("e1", "live:42").envelope(), call.batch().get(0).envelope());
  }

  @Test
  void deliversEventsOfOneTopicInOfferOrder() throws Exception {
    RecordingSend send = new RecordingSend();
    send.completeAtOnce = true;
    BatchLink link = link(1000, 1 << 20, 4, send);
    String[] topics = {"live:1", "live:2", "member:3", "member:4", "x", "y"};
    Map<String, List<String>> offered = new HashMap<>();

    for (int i = 0; i < 300; i++) {
      String topic = topics[i % topics.length];
      String id = topic + "#" + i;
      assertTrue(link.offer(event(id, topic)));
      offered.computeIfAbsent(topic, t -> new ArrayList<>()).add(id);
    }

    Map<String, List<String>> received = new HashMap<>();
    int count = 0;
    while (count < 300) {
      for (Event e : send.next().batch()) {
        received.computeIfAbsent(e.topic(), t -> new ArrayList<>()).add(e.id());
        count++;
      }
    }
    assertEquals(offered, received);
  }

  @Test
  void batchesEventsOfferedWhileASendIsInFlight() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 1 << 20, 1, send);

    link.offer(event("e1", "t"));
    Call first = send.next();
    assertEquals(List.of("e1"), first.ids());

    for (int i = 2; i <= 6; i++) {
      assertTrue(link.offer(event("e" + i, "t")));
    }
    send.assertNoMoreCalls(); // one send at a time per lane
    first.done().complete(Done.getInstance());

    Call second = send.next();
    assertEquals(List.of("e2", "e3", "e4", "e5", "e6"), second.ids());
    second.done().complete(Done.getInstance());
    send.assertNoMoreCalls();
  }

  @Test
  void batchesEventsOfDifferentTopicsSharingALane() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 1 << 20, 1, send);

    link.offer(event("a1", "a"));
    Call first = send.next();
    link.offer(event("b1", "b"));
    link.offer(event("a2", "a"));
    send.assertNoMoreCalls();
    first.done().complete(Done.getInstance());

    assertEquals(List.of("b1", "a2"), send.next().ids());
  }

  @Test
  void limitsABatchToMaxBatchBytes() throws Exception {
    RecordingSend send = new RecordingSend();
    long eventBytes = wireBytes(event("e1", "t"));
    BatchLink link = link(100, 2 * eventBytes, 1, send);

    link.offer(event("e1", "t"));
    Call first = send.next();
    for (int i = 2; i <= 6; i++) {
      assertTrue(link.offer(event("e" + i, "t")));
    }
    send.assertNoMoreCalls();
    first.done().complete(Done.getInstance());

    List<List<String>> batches = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    while (ids.size() < 5) {
      Call call = send.next();
      batches.add(call.ids());
      ids.addAll(call.ids());
      call.done().complete(Done.getInstance());
    }
    assertEquals(List.of("e2", "e3"), batches.get(0), batches.toString());
    assertTrue(batches.stream().allMatch(b -> b.size() <= 2), batches.toString());
    assertEquals(List.of("e2", "e3", "e4", "e5", "e6"), ids);
  }

  @Test
  void sendsAnEventLargerThanMaxBatchBytesOnItsOwn() throws Exception {
    RecordingSend send = new RecordingSend();
    send.completeAtOnce = true;
    BatchLink link = link(100, 1, 1, send);

    link.offer(event("big", "t"));

    assertEquals(List.of("big"), send.next().ids());
  }

  @Test
  void refusesEventsWhenALaneIsFullAndNeverSendsThem() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(3, 1, 1, send); // tiny batches, three queued events at most

    link.offer(event("e0", "t"));
    Call first = send.next();
    List<String> accepted = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String id = "e" + i;
      (link.offer(event(id, "t")) ? accepted : refused).add(id);
    }

    assertFalse(refused.isEmpty(), "a full lane must refuse events");
    assertTrue(accepted.size() < 10, "accepted " + accepted);
    first.done().complete(Done.getInstance());
    assertEquals(accepted, send.collect(accepted.size()));
    send.assertNoMoreCalls();
  }

  @Test
  void aFullLaneDoesNotBlockOtherLanes() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(4, 1, 4, send); // four lanes of one queued event each

    link.offer(event("b0", "busy"));
    Call stuck = send.next();
    int offers = 0;
    while (link.offer(event("b" + (++offers), "busy"))) {
      assertTrue(offers < 20, "lane never filled");
    }

    for (int i = 0; i < 20; i++) {
      link.offer(event("o" + i, "other:" + i));
    }

    // The busy lane's send is still in flight, so this send comes from another lane.
    Call other = send.next();
    assertTrue(other.ids().stream().allMatch(id -> id.startsWith("o")), other.ids().toString());
    other.done().complete(Done.getInstance());
    stuck.done().complete(Done.getInstance());
  }

  @Test
  void closeStillSendsWhatWasQueued() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 2 * wireBytes(event("e1", "t")), 1, send);

    link.offer(event("e1", "t"));
    Call first = send.next();
    for (int i = 2; i <= 7; i++) {
      assertTrue(link.offer(event("e" + i, "t")));
    }
    link.close();
    first.done().complete(Done.getInstance());

    assertEquals(List.of("e2", "e3", "e4", "e5", "e6", "e7"), send.collect(6));
    send.assertNoMoreCalls();
  }

  @Test
  void offerAfterCloseIsRefusedAndNotSent() throws Exception {
    RecordingSend send = new RecordingSend();
    send.completeAtOnce = true;
    BatchLink link = link(100, 1 << 20, 2, send);

    link.close();

    assertFalse(link.offer(event("late", "t")));
    send.assertNoMoreCalls();
  }

  @Test
  void closingTwiceIsHarmless() {
    BatchLink link = link(100, 1 << 20, 2, new RecordingSend());
    link.close();
    link.close();
  }

  @Test
  void keepsSendingAfterASendFailsAtOnce() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 1 << 20, 1, send);

    link.offer(event("e1", "t"));
    send.next().done().completeExceptionally(new RuntimeException("connection refused"));

    assertTrue(link.offer(event("e2", "t")));
    Call second = send.next();
    assertEquals(List.of("e2"), second.ids());
    second.done().complete(Done.getInstance());
  }

  @Test
  void keepsSendingAfterSendsFailLater() throws Exception {
    RecordingSend send = new RecordingSend();
    BatchLink link = link(100, 1 << 20, 1, send);

    link.offer(event("e1", "t"));
    Call first = send.next();
    link.offer(event("e2", "t"));
    link.offer(event("e3", "t"));
    first.done().completeExceptionally(new IllegalStateException("502 from frontend"));

    List<String> ids = new ArrayList<>();
    while (ids.size() < 2) {
      Call call = send.next();
      ids.addAll(call.ids());
      call.done().completeExceptionally(new IllegalStateException("timeout"));
    }
    assertEquals(List.of("e2", "e3"), ids);

    assertTrue(link.offer(event("e4", "t")));
    assertEquals(List.of("e4"), send.next().ids());
  }

  @Test
  void keepsSendingWhenEverySendFailsAtOnce() throws Exception {
    RecordingSend failing = new RecordingSend() {
      @Override
      public CompletionStage<Done> apply(Batch batch) {
        calls.add(new Call(List.copyOf(batch.events()), batch.deadlineNanos(), new CompletableFuture<>()));
        return CompletableFuture.failedFuture(new RuntimeException("boom"));
      }
    };
    BatchLink link = link(100, 1 << 20, 1, failing);

    for (int i = 1; i <= 3; i++) {
      assertTrue(link.offer(event("e" + i, "t")));
      assertEquals(List.of("e" + i), failing.next().ids());
    }
  }

  // --- nothing stale is sent ---

  @Test
  void givesABatchTheDeadlineOfItsOldestEvent() throws Exception {
    RecordingSend send = new RecordingSend();
    Duration timeout = Duration.ofSeconds(30);
    BatchLink link = link(100, 1 << 20, 1, timeout, send);

    long before = System.nanoTime();
    link.offer(event("e1", "t"));
    Call first = send.next();
    long after = System.nanoTime();

    assertTrue(first.deadlineNanos() >= before + timeout.toNanos() && first.deadlineNanos() <= after + timeout.toNanos(),
        "deadline is enqueue time plus the timeout");
    first.done().complete(Done.getInstance());
  }

  @Test
  void dropsEventsThatWaitedLongerThanTheTimeoutInsteadOfSendingThem() throws Exception {
    RecordingSend send = new RecordingSend();
    Duration timeout = Duration.ofMillis(300);
    BatchLink link = link(100, 1 << 20, 1, timeout, send);

    link.offer(event("e1", "t"));
    Call stuck = send.next();
    link.offer(event("stale-1", "t"));
    link.offer(event("stale-2", "t"));
    Thread.sleep(timeout.toMillis() + 100); // both wait behind the send in flight past their timeout
    stuck.done().complete(Done.getInstance());
    send.assertNoMoreCalls();

    assertEquals(2, send.expired.get());
    assertTrue(link.offer(event("fresh", "t")));
    Call fresh = send.next();
    assertEquals(List.of("fresh"), fresh.ids());
    fresh.done().complete(Done.getInstance());
    assertEquals(2, send.expired.get());
  }

  @Test
  void sendsTheFreshTailOfABatchWhoseHeadExpired() throws Exception {
    RecordingSend send = new RecordingSend();
    Duration timeout = Duration.ofMillis(400);
    BatchLink link = link(100, 1 << 20, 1, timeout, send);

    link.offer(event("e1", "t"));
    Call stuck = send.next();
    link.offer(event("stale", "t"));
    Thread.sleep(timeout.toMillis() + 100);
    link.offer(event("fresh", "t"));
    stuck.done().complete(Done.getInstance());

    Call next = send.next();
    assertEquals(List.of("fresh"), next.ids());
    assertEquals(1, send.expired.get());
    next.done().complete(Done.getInstance());
  }
}
