package io.rtdispatch.frontend;

import com.typesafe.config.Config;
import io.rtdispatch.common.settings.HttpSettings;
import java.time.Duration;

/**
 * The frontend role's settings ({@code rtd.frontend}), read once at start-up; see reference.conf
 * and docs/configuration.md for each key's meaning, unit and environment variable.
 *
 * @throws IllegalArgumentException (from {@link #from}) for a value out of range, naming the key
 */
public record FrontendSettings(
    HttpSettings http,
    Duration heartbeatInterval,
    Duration retryHint,
    long connectionBufferBytes,
    int maxConnections,
    int maxTopicsPerConnection,
    String corsAllowedOrigins,
    long maxDeliverBytes,
    int maxPendingEvents,
    int subscriptionShards,
    Duration askTimeout,
    String demoTopic,
    String demoPublishUrl) {

  public static FrontendSettings from(Config config) {
    Config c = config.getConfig("rtd.frontend");
    FrontendSettings s = new FrontendSettings(
        HttpSettings.from(config, "rtd.frontend.http"),
        c.getDuration("heartbeat-interval"),
        c.getDuration("retry-hint"),
        c.getBytes("connection-buffer-size"),
        c.getInt("max-connections"),
        c.getInt("max-topics-per-connection"),
        c.getString("cors-allowed-origins"),
        c.getBytes("max-deliver-bytes"),
        c.getInt("max-pending-events"),
        c.getInt("subscription-shards"),
        c.getDuration("ask-timeout"),
        c.getString("demo.topic"),
        c.getString("demo.publish-url"));
    requireAtLeast("connection-buffer-size", s.connectionBufferBytes, 1024);
    requireAtLeast("max-connections", s.maxConnections, 1);
    requireAtLeast("max-topics-per-connection", s.maxTopicsPerConnection, 1);
    requireAtLeast("subscription-shards", s.subscriptionShards, 0);
    if (s.heartbeatInterval.isNegative() || s.heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("rtd.frontend.heartbeat-interval must be positive, got " + s.heartbeatInterval);
    }
    return s;
  }

  /** Subscription table shards: {@code subscription-shards}, or one per core when 0. */
  public int shardCount() {
    return perCoreWhenZero(subscriptionShards);
  }

  private static int perCoreWhenZero(int configured) {
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("rtd.frontend." + key + " must be at least " + min + ", got " + value);
    }
  }
}
