package io.rtdispatch.common.settings;

import com.typesafe.config.Config;

/**
 * Limits that may be set to {@code auto}: sized from the heap the JVM has, so clients staying within
 * every default cannot exhaust it (issue 9). Each {@code auto} limit takes a fixed share of the heap
 * above a reserve for the node itself; the shares a role uses add up to less than the whole, leaving
 * room for the garbage collector. The shares and unit costs are quoted, with their measurements, in
 * docs/configuration.md ("Limits sized to the heap").
 */
public final class AutoLimits {

  /** Heap a node needs for itself (Akka, cluster, Netty, caches) before any client: ~16 MB measured idle, with margin. */
  public static final long RESERVED_BYTES = 64L << 20;

  private AutoLimits() {}

  /** Heap above the node's own reserve, in bytes; at least 1/4 of {@code maxHeap} on a tiny heap. */
  public static long usable(long maxHeap) {
    return Math.max(maxHeap / 4, maxHeap - RESERVED_BYTES);
  }

  /** {@code share} (0..1) of the usable heap, in bytes, at least 64 KiB. */
  public static long share(long maxHeap, double share) {
    return Math.max(64 * 1024, (long) (usable(maxHeap) * share));
  }

  /**
   * The value of {@code key} in {@code c}: {@code auto} gives {@code auto}, anything else is read as
   * a number (a size such as "64MiB" if {@code bytes}).
   *
   * @throws com.typesafe.config.ConfigException if the value is neither {@code auto} nor a number
   */
  public static long valueOrAuto(Config c, String key, boolean bytes, long auto) {
    if ("auto".equalsIgnoreCase(c.getString(key).trim())) {
      return auto;
    }
    return bytes ? c.getBytes(key) : c.getLong(key);
  }
}
