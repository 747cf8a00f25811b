package io.rtdispatch.dispatcher;

import com.typesafe.config.Config;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.settings.AutoLimits;
import io.rtdispatch.common.settings.HttpSettings;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.dispatcher.history.HistoryBounds;
import io.rtdispatch.dispatcher.link.LinkSettings;
import io.rtdispatch.dispatcher.peers.PeerSettings;
import io.rtdispatch.dispatcher.presence.PresenceSettings;
import java.time.Duration;

/**
 * The dispatcher role's settings ({@code rtd.dispatcher}), read once at start-up.
 *
 * @param maxDataBytes largest published {@code data}, bounded so every envelope stays within
 *     {@link Event#MAX_ENVELOPE_BYTES}, the most another node takes
 * @param maxDataDepth most arrays and objects nested in one published {@code data} (the
 *     outermost counts 1); bounds the parser's work and memory per body
 * @param connectTimeout most time to open a connection to a frontend or a peer's dispatcher
 * @param askTimeout most time a route waits for the router's answer ({@code rtd.dispatcher.ask-timeout})
 * @param history bounds of the recent history kept for recovery ({@code rtd.dispatcher.history})
 */
public record DispatcherSettings(
    HttpSettings http,
    String corsAllowedOrigins,
    long maxBodyBytes,
    int maxBatchEvents,
    int maxDataBytes,
    int maxDataDepth,
    int maxEventsPerSecond,
    int maxPendingEvents,
    long maxPendingBytes,
    long maxQueuedBytes,
    Duration connectTimeout,
    Duration askTimeout,
    LinkSettings frontendLink,
    long maxPeerBatchBytes,
    PeerSettings peers,
    PresenceSettings presence,
    HistoryBounds history) {

  /** Share of the usable heap {@code publish.max-pending-bytes = auto} gives events not yet routed. */
  static final double PENDING_SHARE = 0.20;
  /** Share {@code max-queued-bytes = auto} gives events queued for other nodes, over all links. */
  static final double QUEUED_SHARE = 0.40;

  public DispatcherSettings {
    if (maxPendingBytes < 1024 || maxQueuedBytes < 1024) {
      throw new IllegalArgumentException("rtd.dispatcher.publish.max-pending-bytes and rtd.dispatcher.max-queued-bytes "
          + "must be at least 1 KiB, got " + maxPendingBytes + " and " + maxQueuedBytes);
    }
    if (maxDataBytes < 1 || (long) maxDataBytes + Event.MAX_ENVELOPE_OVERHEAD_BYTES > Event.MAX_ENVELOPE_BYTES) {
      throw new IllegalArgumentException("rtd.dispatcher.publish.max-data-bytes (RTD_MAX_DATA_BYTES) must be between 1"
          + " and " + (Event.MAX_ENVELOPE_BYTES - Event.MAX_ENVELOPE_OVERHEAD_BYTES) + " bytes (nodes pass envelopes of"
          + " at most " + Event.MAX_ENVELOPE_BYTES + " bytes), got " + maxDataBytes);
    }
    if (maxDataDepth < 1 || maxDataDepth > 10_000) {
      throw new IllegalArgumentException("rtd.dispatcher.publish.max-data-depth (RTD_MAX_DATA_DEPTH) must be between 1"
          + " and 10000, got " + maxDataDepth);
    }
  }

  /**
   * @param dataCenter this node's data center, as the node read it ({@code rtd.data-center})
   * @param security the node's secrets, as read once ({@code rtd.security}): the peer token comes from there
   * @throws IllegalArgumentException for a value out of range, naming the key
   */
  public static DispatcherSettings from(Config config, String dataCenter, SecuritySettings security) {
    return from(config, dataCenter, security, Runtime.getRuntime().maxMemory());
  }

  /** @param heapBytes the heap {@code auto} limits are sized for (see {@link AutoLimits}) */
  public static DispatcherSettings from(Config config, String dataCenter, SecuritySettings security, long heapBytes) {
    Config c = config.getConfig("rtd.dispatcher");
    return new DispatcherSettings(
        HttpSettings.from(config, "rtd.dispatcher.http"),
        c.getString("cors-allowed-origins"),
        c.getBytes("publish.max-body-bytes"),
        c.getInt("publish.max-batch-events"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("publish.max-data-bytes")),
        c.getInt("publish.max-data-depth"),
        c.getInt("publish.max-events-per-second"),
        c.getInt("publish.max-pending-events"),
        AutoLimits.valueOrAuto(c, "publish.max-pending-bytes", true, AutoLimits.share(heapBytes, PENDING_SHARE)),
        AutoLimits.valueOrAuto(c, "max-queued-bytes", true, AutoLimits.share(heapBytes, QUEUED_SHARE)),
        c.getDuration("connect-timeout"),
        c.getDuration("ask-timeout"),
        LinkSettings.from(config, "rtd.dispatcher.frontend-link"),
        c.getBytes("max-peer-batch-bytes"),
        PeerSettings.from(config, dataCenter, security.peerToken(), LinkSettings.from(config, "rtd.dispatcher.peer-link")),
        PresenceSettings.from(config),
        HistoryBounds.from(c, heapBytes));
  }
}
