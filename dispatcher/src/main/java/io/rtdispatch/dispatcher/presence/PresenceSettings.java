package io.rtdispatch.dispatcher.presence;

import com.typesafe.config.Config;
import io.rtdispatch.common.event.TopicPatterns;
import java.time.Duration;

/**
 * Viewer counts ({@code rtd.presence}), read once at start-up.
 *
 * @param pushTopics topics that get {@code presence} events pushed into them ({@code push-topics},
 *     {@code RTD_PRESENCE_TOPICS}); empty turns pushing off
 * @param interval how often the pushing dispatcher counts, so the most often one topic gets a
 *     {@code presence} event, and how stale a pushed count may be
 * @param cacheTtl how long {@code GET /presence} reuses a topic's count
 * @param requestTimeout most time to wait for one frontend's or peer data center's counts; one
 *     that has not answered by then is left out
 * @param maxCachedTopics most topics whose counts are cached at once
 */
public record PresenceSettings(TopicPatterns pushTopics, Duration interval, Duration cacheTtl,
    Duration requestTimeout, int maxCachedTopics) {

  public static PresenceSettings from(Config config) {
    Config c = config.getConfig("rtd.presence");
    Duration interval = c.getDuration("interval");
    if (interval.toMillis() < 100) {
      throw new IllegalArgumentException("rtd.presence.interval (RTD_PRESENCE_INTERVAL) must be at least 100ms, got "
          + interval);
    }
    TopicPatterns pushTopics;
    try {
      pushTopics = TopicPatterns.parse(c.getString("push-topics"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rtd.presence.push-topics (RTD_PRESENCE_TOPICS): " + e.getMessage());
    }
    return new PresenceSettings(pushTopics, interval, c.getDuration("cache-ttl"), c.getDuration("request-timeout"),
        c.getInt("max-cached-topics"));
  }
}
