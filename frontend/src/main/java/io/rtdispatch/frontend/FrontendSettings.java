package io.rtdispatch.frontend;

import com.typesafe.config.Config;
import io.rtdispatch.common.settings.HttpSettings;
import java.time.Duration;

/** The frontend role's settings ({@code rtd.frontend}), read once at start-up. */
public record FrontendSettings(
    HttpSettings http,
    String advertisedUrl,
    Duration heartbeatInterval,
    Duration retryHint,
    int connectionBuffer,
    int maxConnections,
    int maxTopicsPerConnection,
    String corsAllowedOrigins,
    long maxDeliverBytes,
    int maxPendingEvents,
    String demoTopic,
    String demoPublishUrl) {

  public static FrontendSettings from(Config config) {
    Config c = config.getConfig("rtd.frontend");
    FrontendSettings s = new FrontendSettings(
        HttpSettings.from(config, "rtd.frontend.http"),
        c.getString("advertised-url"),
        c.getDuration("heartbeat-interval"),
        c.getDuration("retry-hint"),
        c.getInt("connection-buffer"),
        c.getInt("max-connections"),
        c.getInt("max-topics-per-connection"),
        c.getString("cors-allowed-origins"),
        c.getBytes("max-deliver-bytes"),
        c.getInt("max-pending-events"),
        c.getString("demo.topic"),
        c.getString("demo.publish-url"));
    requirePositive("connection-buffer", s.connectionBuffer);
    requirePositive("max-connections", s.maxConnections);
    requirePositive("max-topics-per-connection", s.maxTopicsPerConnection);
    String idle = config.getString("akka.http.server.idle-timeout");
    if (!idle.equals("infinite") && s.heartbeatInterval.compareTo(config.getDuration("akka.http.server.idle-timeout")) >= 0) {
      throw new IllegalArgumentException("rtd.frontend.heartbeat-interval (" + s.heartbeatInterval
          + ") must be shorter than akka.http.server.idle-timeout (" + idle + "), or idle streams are cut");
    }
    return s;
  }

  private static void requirePositive(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("rtd.frontend." + key + " must be at least 1, got " + value);
    }
  }
}
