package io.rtdispatch.frontend;

import com.typesafe.config.Config;
import io.rtdispatch.common.settings.AutoLimits;
import io.rtdispatch.common.settings.HttpSettings;
import io.rtdispatch.frontend.auth.SubscribeSettings;
import io.rtdispatch.frontend.history.HistorySettings;
import java.time.Duration;

/**
 * The frontend role's settings ({@code rtd.frontend}), read once at start-up; see reference.conf
 * and docs/configuration.md for each key's meaning, unit and environment variable.
 *
 * <p>{@code max-connections}, {@code max-subscriptions} and {@code max-buffered-bytes} may be
 * {@code auto}: then they are derived from the heap ({@code heapBytes}, the JVM's max heap) by
 * {@link HeapSizing}; {@link #limitsLine()} says what they came to.
 *
 * @throws IllegalArgumentException (from {@link #from}) for a value out of range, naming the key
 */
public record FrontendSettings(
    HttpSettings http,
    Duration heartbeatInterval,
    Duration retryHint,
    Duration rehomeWindow,
    long connectionBufferBytes,
    int maxConnections,
    int maxTopicsPerConnection,
    long maxSubscriptions,
    long maxBufferedBytes,
    long heapBytes,
    String corsAllowedOrigins,
    long maxDeliverBytes,
    int maxPendingEvents,
    long maxPendingBytes,
    int subscriptionShards,
    Duration askTimeout,
    Duration subscribeAckTimeout,
    Duration subscriptionForwardTimeout,
    Duration routableSettle,
    HistorySettings history,
    String demoTopic,
    String demoPublishUrl,
    int demoPublishPort,
    SubscribeSettings subscribe) {

  public static FrontendSettings from(Config config) {
    return from(config, Runtime.getRuntime().maxMemory());
  }

  /** @param heapBytes the heap {@code auto} limits are sized for */
  public static FrontendSettings from(Config config, long heapBytes) {
    Config c = config.getConfig("rtd.frontend");
    FrontendSettings s = new FrontendSettings(
        HttpSettings.from(config, "rtd.frontend.http"),
        c.getDuration("heartbeat-interval"),
        c.getDuration("retry-hint"),
        c.getDuration("rehome-window"),
        c.getBytes("connection-buffer-size"),
        (int) Math.min(Integer.MAX_VALUE, AutoLimits.valueOrAuto(c, "max-connections", false, HeapSizing.maxConnections(heapBytes))),
        c.getInt("max-topics-per-connection"),
        AutoLimits.valueOrAuto(c, "max-subscriptions", false, HeapSizing.maxSubscriptions(heapBytes)),
        AutoLimits.valueOrAuto(c, "max-buffered-bytes", true, HeapSizing.maxBufferedBytes(heapBytes)),
        heapBytes,
        c.getString("cors-allowed-origins"),
        c.getBytes("max-deliver-bytes"),
        c.getInt("max-pending-events"),
        AutoLimits.valueOrAuto(c, "max-pending-bytes", true, HeapSizing.maxPendingBytes(heapBytes)),
        c.getInt("subscription-shards"),
        c.getDuration("ask-timeout"),
        c.getDuration("subscribe-ack-timeout"),
        c.getDuration("subscription-forward-timeout"),
        c.getDuration("routable-settle"),
        new HistorySettings(c.getDuration("history.window"), c.getInt("history.max-events-per-topic"),
            AutoLimits.valueOrAuto(c, "history.max-bytes", true, HeapSizing.historyBytes(heapBytes)),
            c.getDuration("history.fetch-timeout")),
        c.getString("demo.topic"),
        c.getString("demo.publish-url"),
        c.getInt("demo.publish-port"),
        SubscribeSettings.from(c));
    requireAtLeast("connection-buffer-size", s.connectionBufferBytes, 1024);
    requireAtLeast("max-connections", s.maxConnections, 1);
    requireAtLeast("max-topics-per-connection", s.maxTopicsPerConnection, 1);
    requireAtLeast("max-subscriptions", s.maxSubscriptions, 1);
    requireAtLeast("max-buffered-bytes", s.maxBufferedBytes, 1024);
    requireAtLeast("max-pending-bytes", s.maxPendingBytes, 1024);
    requireAtLeast("subscription-shards", s.subscriptionShards, 0);
    if (s.subscribeAckTimeout.compareTo(s.askTimeout) >= 0) {
      throw new IllegalArgumentException("rtd.frontend.subscribe-ack-timeout (" + s.subscribeAckTimeout
          + ") must be shorter than rtd.frontend.ask-timeout (" + s.askTimeout + "), which bounds POST /subscriptions");
    }
    if (s.subscriptionForwardTimeout.compareTo(s.subscribeAckTimeout) <= 0) {
      throw new IllegalArgumentException("rtd.frontend.subscription-forward-timeout (" + s.subscriptionForwardTimeout
          + ") must be longer than rtd.frontend.subscribe-ack-timeout (" + s.subscribeAckTimeout + "), which the "
          + "frontend holding the stream may take to answer a forwarded POST /subscriptions");
    }
    if (s.rehomeWindow.isNegative()) {
      throw new IllegalArgumentException("rtd.frontend.rehome-window must not be negative, got " + s.rehomeWindow);
    }
    if (s.heartbeatInterval.isNegative() || s.heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("rtd.frontend.heartbeat-interval must be positive, got " + s.heartbeatInterval);
    }
    return s;
  }

  /** The limits clients can spend the heap on, for the start-up log line. */
  public String limitsLine() {
    return String.format("frontend limits for a %.1f GiB heap: max-connections=%d, max-subscriptions=%d, "
        + "max-buffered-bytes=%d, max-topics-per-connection=%d (auto values come from the heap, see "
        + "docs/configuration.md; RTD_MAX_CONNECTIONS, RTD_MAX_SUBSCRIPTIONS, RTD_MAX_BUFFERED_BYTES override)",
        heapBytes / (double) (1L << 30), maxConnections, maxSubscriptions, maxBufferedBytes, maxTopicsPerConnection);
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
