package io.rtdispatch.frontend.connection;

import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventIds;
import io.rtdispatch.common.history.HistorySource;
import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.sse.SseFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A new stream's first frames, gathered by its actor before anything is written: for each topic
 * given on {@code /connect}, its replay from the history and whether it is routable. Once all are
 * in, the connected frame ({@code routable}, {@code recovered}) and the replayed events go out
 * ahead of the live frames the outbox held meanwhile.
 *
 * <p>When the client gave a last event id and this node's history cannot prove a topic's replay
 * complete (it did not serve the topic when the client missed its events), the actor asks the
 * data center's dispatchers ({@link #unproven}, {@link #fetched}); then, if the id was found here or
 * by one of them, the replay is this node's and their events, without duplicates, in the order of
 * their ids' time, and a topic counts as recovered only if every dispatcher answered it gap-free.
 */
final class StreamStart {

  private final Set<String> topics;
  private final boolean recoveryAsked;
  private final long cut;
  private final Map<String, History.Replay> replays = new HashMap<>();
  private final Map<String, Boolean> routable = new HashMap<>();
  private DispatcherHistories.Fetched fetched;

  /**
   * @param recoveryAsked whether the client gave a last event id
   * @param cut the arrival number of that id in this node's history, or -1 if it is not there
   */
  StreamStart(Set<String> topics, boolean recoveryAsked, long cut) {
    this.topics = Set.copyOf(topics);
    this.recoveryAsked = recoveryAsked;
    this.cut = cut;
  }

  void replayed(History.Replay replay) {
    if (topics.contains(replay.topic())) {
      replays.put(replay.topic(), replay);
    }
  }

  /** The first answer for a topic counts (a timeout, or the registrar's). */
  void routable(String topic, boolean answer) {
    if (topics.contains(topic)) {
      routable.putIfAbsent(topic, answer);
    }
  }

  /** The dispatchers' answers (or what came of them in time). */
  void fetched(DispatcherHistories.Fetched answers) {
    this.fetched = answers;
  }

  /** Every topic's replay and routability are in: what is known locally. */
  boolean ready() {
    return replays.size() == topics.size() && routable.size() == topics.size();
  }

  boolean recoveryAsked() {
    return recoveryAsked;
  }

  /** Once {@link #ready}: the topics this node's history cannot prove recovered (empty without a last event id). */
  Set<String> unproven() {
    Set<String> unproven = new TreeSet<>();
    if (recoveryAsked) {
      replays.values().stream().filter(replay -> cut < 0 || !replay.complete())
          .forEach(replay -> unproven.add(replay.topic()));
    }
    return unproven;
  }

  /** True when every topic's missed events are all replayed, from this node's history or the dispatchers'. */
  boolean recovered() {
    if (!recoveryAsked) {
      return false;
    }
    Set<String> unproven = unproven();
    if (unproven.isEmpty()) {
      return cut >= 0;
    }
    if (fetched == null || !fetched.allAnswered()) {
      return false;
    }
    return found() && fetched.answers().stream().allMatch(answer -> answer.complete().containsAll(unproven));
  }

  /** Whether the last event id is in this node's history or in a dispatcher's that answered. */
  private boolean found() {
    return cut >= 0 || (fetched != null && fetched.answers().stream().anyMatch(HistorySource.Answer::found));
  }

  /** Whether the dispatchers' events are replayed: they were asked, and the id was found (else order is unknown). */
  private boolean replaysFetched() {
    return fetched != null && found();
  }

  /**
   * The connected frame, then every replayed event once: in arrival order from this node's
   * history alone, or, with the dispatchers' events, in the order of their ids' time (arrival
   * order within one millisecond).
   */
  List<byte[]> frames(String connectionId, Duration retryHint) {
    List<History.Entry> entries = new ArrayList<>();
    replays.values().forEach(replay -> entries.addAll(replay.entries()));
    entries.sort(Comparator.comparingLong(History.Entry::seq));
    Map<String, byte[]> byId = new LinkedHashMap<>();
    entries.forEach(entry -> byId.put(entry.id(), entry.frame()));
    if (replaysFetched()) {
      Set<String> unproven = unproven();
      for (HistorySource.Answer answer : fetched.answers()) {
        for (Event event : answer.events()) {
          if (unproven.contains(event.topic())) {
            byId.computeIfAbsent(event.id(), id -> SseFrames.event(event));
          }
        }
      }
    }
    List<Map.Entry<String, byte[]>> replay = new ArrayList<>(byId.entrySet());
    if (replaysFetched()) {
      replay.sort(Comparator.comparingLong(entry -> EventIds.millisOf(entry.getKey()))); // stable
    }
    List<byte[]> frames = new ArrayList<>(replay.size() + 1);
    frames.add(SseFrames.connected(connectionId, retryHint, !routable.containsValue(false), recovered()));
    replay.forEach(entry -> frames.add(entry.getValue()));
    return frames;
  }

  /** The ids of the events {@link #frames} replays when dispatchers were asked (the live copies are dropped); else empty. */
  Set<String> replayedIds() {
    if (!replaysFetched()) {
      return Set.of();
    }
    Set<String> ids = new java.util.HashSet<>();
    replays.values().forEach(replay -> replay.entries().forEach(entry -> ids.add(entry.id())));
    fetched.answers().forEach(answer -> answer.events().forEach(event -> ids.add(event.id())));
    return ids;
  }
}
