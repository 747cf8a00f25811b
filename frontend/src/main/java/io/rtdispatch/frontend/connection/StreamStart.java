package io.rtdispatch.frontend.connection;

import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.sse.SseFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A new stream's first frames, gathered by its actor before anything is written: for each topic
 * given on {@code /connect}, its replay from the history and whether it is routable. Once all are
 * in, the connected frame ({@code routable}, {@code recovered}) and the replayed events, in the
 * order they arrived at this node, go out ahead of the live frames the outbox held meanwhile.
 */
final class StreamStart {

  private final Set<String> topics;
  private final boolean recoveryAsked;
  private final long cut;
  private final Map<String, History.Replay> replays = new HashMap<>();
  private final Map<String, Boolean> routable = new HashMap<>();

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

  boolean ready() {
    return replays.size() == topics.size() && routable.size() == topics.size();
  }

  boolean recoveryAsked() {
    return recoveryAsked;
  }

  /** True when the id was found and every topic's replay holds all it missed. */
  boolean recovered() {
    return recoveryAsked && cut >= 0 && replays.values().stream().allMatch(History.Replay::complete);
  }

  /** The connected frame, then every replayed event in arrival order (at most one per event: topics differ). */
  List<byte[]> frames(String connectionId, Duration retryHint) {
    List<History.Entry> entries = new ArrayList<>();
    replays.values().forEach(replay -> entries.addAll(replay.entries()));
    entries.sort(Comparator.comparingLong(History.Entry::seq));
    List<byte[]> frames = new ArrayList<>(entries.size() + 1);
    frames.add(SseFrames.connected(connectionId, retryHint, !routable.containsValue(false), recovered()));
    entries.forEach(entry -> frames.add(entry.frame()));
    return frames;
  }
}
