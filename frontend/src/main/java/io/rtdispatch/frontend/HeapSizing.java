package io.rtdispatch.frontend;

import io.rtdispatch.common.settings.AutoLimits;

/**
 * Derives the frontend's client-controlled limits from the heap the node has, for the settings
 * left at {@code auto} ({@code max-connections}, {@code max-subscriptions},
 * {@code max-buffered-bytes}, {@code max-pending-bytes}): each gets a fixed share of the heap above
 * a reserve for the node itself ({@link AutoLimits}), divided by what one unit costs. Connections
 * 20%, subscriptions 30%, buffered bytes 20%, the event history 10% and pending events 10% add up
 * to 90%, leaving 10% of the usable heap to request bodies and the garbage collector.
 *
 * <p>The unit costs are live heap measured on a real frontend by
 * {@code node/src/test/java/io/rtdispatch/node/HeapCostsTest.java} (which fails if a
 * measurement exceeds them), rounded up; docs/configuration.md quotes the measurements.
 */
public final class HeapSizing {

  /** Heap per open stream with no topics: channel, pipeline, actor, outbox, directory entry (measured ~3.2 KB). */
  public static final long CONNECTION_BYTES = 4096;
  /**
   * Heap per subscription to a topic no other local connection has, the worst case: the
   * connection's and the table's entries, the topic, its registry entry in this node's replica
   * (measured ~0.6 KB once registered, ~1.2 KB while the registry write is in flight; ~0.1 KB to
   * a topic other local connections have).
   */
  public static final long SUBSCRIPTION_BYTES = 1536;
  /** The most connections {@code auto} gives, however large the heap (the design's 100,000 per frontend). */
  public static final int MAX_AUTO_CONNECTIONS = 100_000;

  static final double CONNECTIONS_SHARE = 0.20;
  static final double SUBSCRIPTIONS_SHARE = 0.30;
  static final double BUFFERS_SHARE = 0.20;
  static final double HISTORY_SHARE = 0.10;
  static final double PENDING_SHARE = 0.10;

  private HeapSizing() {}

  /** {@code max-connections = auto}: 20% of the usable heap / {@link #CONNECTION_BYTES}, at most 100,000. */
  public static int maxConnections(long maxHeap) {
    return (int) Math.max(1, Math.min(MAX_AUTO_CONNECTIONS, (long) (AutoLimits.usable(maxHeap) * CONNECTIONS_SHARE) / CONNECTION_BYTES));
  }

  /** {@code max-subscriptions = auto}: 30% of the usable heap / {@link #SUBSCRIPTION_BYTES}. */
  public static long maxSubscriptions(long maxHeap) {
    return Math.max(1, (long) (AutoLimits.usable(maxHeap) * SUBSCRIPTIONS_SHARE) / SUBSCRIPTION_BYTES);
  }

  /** {@code history.max-bytes = auto}: 10% of the usable heap. */
  public static long historyBytes(long maxHeap) {
    return AutoLimits.share(maxHeap, HISTORY_SHARE);
  }

  /** {@code max-buffered-bytes = auto}: 20% of the usable heap. */
  public static long maxBufferedBytes(long maxHeap) {
    return AutoLimits.share(maxHeap, BUFFERS_SHARE);
  }

  /** {@code max-pending-bytes = auto}: 10% of the usable heap, for events received and not yet fanned out. */
  public static long maxPendingBytes(long maxHeap) {
    return AutoLimits.share(maxHeap, PENDING_SHARE);
  }
}
