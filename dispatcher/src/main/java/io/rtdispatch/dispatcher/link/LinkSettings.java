package io.rtdispatch.dispatcher.link;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How one {@link BatchLink} to another node behaves ({@code rtd.dispatcher.frontend-link},
 * {@code rtd.dispatcher.peer-link}).
 *
 * @param queueSize events waiting for the node, over all lanes; beyond it new events are dropped
 * @param maxBatchBytes most encoded bytes in one request (a larger single event goes alone)
 * @param parallelism lanes, each with at most one request in flight
 * @param requestTimeout the most time an event may spend between being queued and reaching the
 *     node: older events are dropped before sending, and a request gets only what is left of
 *     its oldest event's time
 */
public record LinkSettings(int queueSize, long maxBatchBytes, int parallelism, Duration requestTimeout) {

  public LinkSettings {
    if (queueSize < 1 || parallelism < 1 || maxBatchBytes < 1 || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("queue-size, parallelism, max-batch-bytes and request-timeout must be positive");
    }
  }

  /** Reads the settings at {@code path} of {@code config}; an invalid value names the path. */
  public static LinkSettings from(Config config, String path) {
    Config c = config.getConfig(path);
    try {
      return new LinkSettings(c.getInt("queue-size"), c.getBytes("max-batch-bytes"), c.getInt("parallelism"),
          c.getDuration("request-timeout"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }
}
