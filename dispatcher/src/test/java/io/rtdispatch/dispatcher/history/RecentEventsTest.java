package io.rtdispatch.dispatcher.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventIds;
import io.rtdispatch.common.history.HistorySource.Answer;
import io.rtdispatch.common.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A dispatcher's recent history: its bounds, and when an answer may call itself gap-free. */
class RecentEventsTest {

  private static final long T0 = 1_800_000_000_000L;

  private final AtomicLong clock = new AtomicLong(T0);
  private final EventIds ids = new EventIds();

  @Test
  void answersTheEventsAfterAnIdItHoldsAsCompleteWhileNothingWasEvicted() {
    RecentEvents history = history(Duration.ofMinutes(2), 10, 1 << 20);
    List<Event> events = publish(history, "a", 5);
    Answer answer = history.after(List.of("a"), events.get(1).id());
    assertTrue(answer.found());
    assertEquals(List.of("a"), List.copyOf(answer.complete()));
    assertEquals(events.subList(2, 5), answer.events());
  }

  @Test
  void keepsAtMostTheCountPerTopicAndAnEvictedIdIsNeitherFoundNorComplete() {
    RecentEvents history = history(Duration.ofMinutes(2), 3, 1 << 20);
    List<Event> events = publish(history, "a", 5);
    publish(history, "b", 2);
    assertEquals(5, history.events(), "3 of a, 2 of b");
    Answer evicted = history.after(List.of("a"), events.get(0).id());
    assertFalse(evicted.found());
    assertTrue(evicted.complete().isEmpty(), "events after it were evicted too");
    Answer kept = history.after(List.of("a"), events.get(2).id());
    assertTrue(kept.found() && kept.complete().contains("a"));
    assertEquals(events.subList(3, 5), kept.events());
  }

  @Test
  void theByteBoundEvictsTheNewEventsTopicsOldest() {
    RecentEvents history = history(Duration.ofMinutes(2), 1000, 4096);
    publish(history, "a", 100);
    assertTrue(history.bytes() <= 4096, "bounded: " + history.bytes());
    long held = history.events();
    assertTrue(held > 0 && held < 100, "some, not all: " + held);
    publish(history, "b", 1);
    assertTrue(history.bytes() <= 4096, "bounded: " + history.bytes());
  }

  @Test
  void theWindowEndsEvents() throws Exception {
    RecentEvents history = history(Duration.ofMillis(50), 1000, 1 << 20);
    List<Event> events = publish(history, "a", 3);
    Thread.sleep(200);
    clock.addAndGet(200);
    history.sweep();
    assertEquals(0, history.events());
    assertEquals(0, history.bytes());
    assertFalse(history.after(List.of("a"), events.get(0).id()).found());
  }

  @Test
  void anIdFromAnotherDispatcherGetsTheEventsOfItsMillisecondOnAndIsCompleteWithoutAGap() {
    RecentEvents history = history(Duration.ofMinutes(2), 10, 1 << 20);
    clock.addAndGet(10);
    String elsewhere = new EventIds().next(clock.get());
    clock.addAndGet(5);
    List<Event> later = publish(history, "a", 2);
    Answer answer = history.after(List.of("a", "never-published"), elsewhere);
    assertFalse(answer.found(), "not an id of this dispatcher");
    assertEquals(later, answer.events());
    assertTrue(answer.complete().contains("a") && answer.complete().contains("never-published"),
        "nothing evicted, and this dispatcher started before the id: " + answer.complete());
  }

  @Test
  void anIdFromBeforeThisDispatcherStartedIsNeverComplete() {
    RecentEvents history = history(Duration.ofMinutes(2), 10, 1 << 20);
    String before = new EventIds().next(T0 - 1000);
    publish(history, "a", 1);
    assertTrue(history.after(List.of("a", "b"), before).complete().isEmpty());
    assertEquals(Answer.NONE, history.after(List.of("a"), "not-an-id"));
  }

  @Test
  void zeroBoundsKeepNothing() {
    RecentEvents history = history(Duration.ZERO, 10, 1 << 20);
    List<Event> events = publish(history, "a", 2);
    assertEquals(0, history.events());
    assertEquals(Answer.NONE, history.after(List.of("a"), events.get(0).id()));
  }

  private RecentEvents history(Duration window, int perTopic, long bytes) {
    return new RecentEvents(new HistoryBounds(window, perTopic, bytes), new Metrics("test"), clock::get);
  }

  /** Records {@code count} events of {@code topic}, one per millisecond of the test clock. */
  private List<Event> publish(RecentEvents history, String topic, int count) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long now = clock.incrementAndGet();
      events.add(Event.create(ids.next(now), topic, "like", Integer.toString(i).getBytes(StandardCharsets.UTF_8), now));
    }
    history.record(events);
    return events;
  }
}
