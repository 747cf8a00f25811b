package io.rtdispatch.dispatcher.history;

import com.typesafe.config.Config;
import io.rtdispatch.common.settings.AutoLimits;
import java.time.Duration;

/**
 * Bounds of a dispatcher's recent history ({@code rtd.dispatcher.history}), read once with the
 * other dispatcher settings; see reference.conf and docs/configuration.md.
 *
 * @param window how long an event stays in the history after this dispatcher routed it
 * @param maxEventsPerTopic events kept per topic at most (the oldest go first)
 * @param maxBytes bytes all topics' histories hold at most (events' wire size plus per-event overhead)
 */
public record HistoryBounds(Duration window, int maxEventsPerTopic, long maxBytes) {

  /** Share of the usable heap {@code max-bytes = auto} gives the history (with pending 20% and queued 40%). */
  static final double SHARE = 0.15;

  /** @throws IllegalArgumentException for a negative window or bound, naming the key */
  public HistoryBounds {
    if (window.isNegative() || maxEventsPerTopic < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("rtd.dispatcher.history.window, max-events-per-topic and max-bytes must not "
          + "be negative, got " + window + ", " + maxEventsPerTopic + " and " + maxBytes);
    }
  }

  /** @param heapBytes the heap {@code auto} is sized for (see {@link AutoLimits}) */
  public static HistoryBounds from(Config dispatcher, long heapBytes) {
    return new HistoryBounds(dispatcher.getDuration("history.window"), dispatcher.getInt("history.max-events-per-topic"),
        AutoLimits.valueOrAuto(dispatcher, "history.max-bytes", true, AutoLimits.share(heapBytes, SHARE)));
  }

  /** False when any bound is zero: then nothing is kept and no answer is complete. */
  public boolean enabled() {
    return !window.isZero() && maxEventsPerTopic > 0 && maxBytes > 0;
  }
}
