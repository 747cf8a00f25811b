package io.rtdispatch.frontend.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.history.HistorySource.Answer;
import io.rtdispatch.frontend.history.DispatcherHistories.Fetched;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.sse.SseFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A reconnecting stream's first frames when this node's history falls short and the dispatchers answer. */
class StreamStartTest {

  private static final String LAST = "lg000000-aaaaaaaa-1";

  @Test
  void mergesTheDispatchersAnswersByIdTimeOnceEachAndRecoversWhenAllAreGapFree() {
    StreamStart start = started(Set.of("t"), -1, new History.Replay("t", List.of(), false));
    assertEquals(Set.of("t"), start.unproven());
    Event e1 = event("lg000001-bbbbbbbb-1");
    Event e2 = event("lg000002-cccccccc-1");
    Event e3 = event("lg000003-bbbbbbbb-2");
    start.fetched(new Fetched(2, List.of(new Answer(true, Set.of("t"), List.of(e1, e3)),
        new Answer(false, Set.of("t"), List.of(e2, e1)))));

    assertTrue(start.recovered());
    assertEquals(List.of(e1.id(), e2.id(), e3.id()), replayedIds(start));
    assertEquals(Set.of(e1.id(), e2.id(), e3.id()), start.replayedIds());
  }

  @Test
  void aMissingAnswerAGapOrAnIdFoundNowhereIsNotRecovered() {
    Event e1 = event("lg000001-bbbbbbbb-1");
    StreamStart missing = started(Set.of("t"), -1, new History.Replay("t", List.of(), false));
    missing.fetched(new Fetched(2, List.of(new Answer(true, Set.of("t"), List.of(e1)))));
    assertFalse(missing.recovered(), "one of two dispatchers did not answer");
    assertEquals(List.of(e1.id()), replayedIds(missing), "what came is replayed");

    StreamStart gap = started(Set.of("t"), -1, new History.Replay("t", List.of(), false));
    gap.fetched(new Fetched(1, List.of(new Answer(true, Set.of(), List.of(e1)))));
    assertFalse(gap.recovered());

    StreamStart nowhere = started(Set.of("t"), -1, new History.Replay("t", List.of(), false));
    nowhere.fetched(new Fetched(1, List.of(new Answer(false, Set.of("t"), List.of(e1)))));
    assertFalse(nowhere.recovered());
    assertEquals(List.of(), replayedIds(nowhere), "an id found nowhere replays nothing");
  }

  @Test
  void aTopicTheLocalHistoryProvesIsNotAskedFor() {
    History.Entry local = new History.Entry("lg000001-bbbbbbbb-1", 8, 0, SseFrames.event(event("lg000001-bbbbbbbb-1")));
    StreamStart start = started(Set.of("a", "b"), 7, new History.Replay("a", List.of(local), true),
        new History.Replay("b", List.of(), false));
    assertEquals(Set.of("b"), start.unproven());
  }

  private static StreamStart started(Set<String> topics, long cut, History.Replay... replays) {
    StreamStart start = new StreamStart(topics, true, cut);
    for (History.Replay replay : replays) {
      start.replayed(replay);
      start.routable(replay.topic(), true);
    }
    assertTrue(start.ready());
    return start;
  }

  private static Event event(String id) {
    return Event.create(id, "t", "like", "1".getBytes(StandardCharsets.UTF_8), 0);
  }

  /** The ids of the event frames after the connected frame. */
  private static List<String> replayedIds(StreamStart start) {
    List<byte[]> frames = start.frames("c", Duration.ofSeconds(2));
    return frames.subList(1, frames.size()).stream().map(SseFrames::idOf).toList();
  }
}
