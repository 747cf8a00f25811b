package io.rtdispatch.frontend.history;

import java.time.Duration;

/**
 * Bounds of the frontend-local event history ({@code rtd.frontend.history}), read once with the
 * other frontend settings; see reference.conf and docs/configuration.md.
 *
 * @param window how long an event stays recoverable after it arrived here; also how long a topic's
 *     history outlives its last local subscriber
 * @param maxEventsPerTopic events kept per topic at most (the oldest go first)
 * @param maxBytes bytes all topics' histories hold at most (frames plus per-event overhead)
 * @param fetchTimeout most time a reconnecting stream waits for the dispatchers' histories when
 *     this node's cannot prove its recovery complete; zero: never ask them
 */
public record HistorySettings(Duration window, int maxEventsPerTopic, long maxBytes, Duration fetchTimeout) {

  /** @throws IllegalArgumentException for a negative window or bound, naming the key */
  public HistorySettings {
    if (fetchTimeout.isNegative()) {
      throw new IllegalArgumentException("rtd.frontend.history.fetch-timeout must not be negative, got " + fetchTimeout);
    }
    if (window.isNegative()) {
      throw new IllegalArgumentException("rtd.frontend.history.window must not be negative, got " + window);
    }
    if (maxEventsPerTopic < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("rtd.frontend.history.max-events-per-topic and max-bytes must not be "
          + "negative, got " + maxEventsPerTopic + " and " + maxBytes);
    }
  }

  /** False when any bound is zero: then nothing is kept and every recovery is incomplete. */
  public boolean enabled() {
    return !window.isZero() && maxEventsPerTopic > 0 && maxBytes > 0;
  }
}
