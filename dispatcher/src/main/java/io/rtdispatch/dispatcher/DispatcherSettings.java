package io.rtdispatch.dispatcher;

import com.typesafe.config.Config;
import io.rtdispatch.common.settings.HttpSettings;
import io.rtdispatch.dispatcher.peers.PeerSettings;
import java.time.Duration;

/** The dispatcher role's settings ({@code rtd.dispatcher}), read once at start-up. */
public record DispatcherSettings(
    HttpSettings http,
    String corsAllowedOrigins,
    long maxBodyBytes,
    int maxBatchEvents,
    int maxDataBytes,
    int maxEventsPerSecond,
    int maxPendingEvents,
    LinkSettings frontendLink,
    long maxPeerBatchBytes,
    PeerSettings peers) {

  /** A batching HTTP link to another node: bounded queue, batch size, concurrency, timeout. */
  public record LinkSettings(int queueSize, long maxBatchBytes, int parallelism, Duration requestTimeout) {

    static LinkSettings from(Config c, String path) {
      LinkSettings s = new LinkSettings(c.getInt("queue-size"), c.getBytes("max-batch-bytes"), c.getInt("parallelism"),
          c.getDuration("request-timeout"));
      if (s.queueSize < 1 || s.parallelism < 1 || s.maxBatchBytes < 1) {
        throw new IllegalArgumentException(path + ": queue-size, parallelism and max-batch-bytes must be positive");
      }
      return s;
    }
  }

  public static DispatcherSettings from(Config config) {
    Config c = config.getConfig("rtd.dispatcher");
    String dataCenter = config.getString("rtd.data-center");
    return new DispatcherSettings(
        HttpSettings.from(config, "rtd.dispatcher.http"),
        c.getString("cors-allowed-origins"),
        c.getBytes("publish.max-body-bytes"),
        c.getInt("publish.max-batch-events"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("publish.max-data-bytes")),
        c.getInt("publish.max-events-per-second"),
        c.getInt("publish.max-pending-events"),
        LinkSettings.from(c.getConfig("frontend-link"), "rtd.dispatcher.frontend-link"),
        c.getBytes("max-peer-batch-bytes"),
        PeerSettings.from(config, dataCenter, LinkSettings.from(c.getConfig("peer-link"), "rtd.dispatcher.peer-link")));
  }
}
