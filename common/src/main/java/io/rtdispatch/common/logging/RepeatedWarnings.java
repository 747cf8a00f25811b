package io.rtdispatch.common.logging;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Warn once per kind of trouble, not once per event (issue 9: "one WARN per refused connection
 * during a storm"). The first warning of a kind is logged; further ones within
 * {@code rtd.logging.repeat-interval} ({@code RTD_LOG_REPEAT_INTERVAL}) are counted, and the next
 * one logged after the interval says how many were left out. Thread-safe and cheap enough for a
 * hot path: one map lookup and one clock read per call.
 *
 * <p>A kind is a short constant naming the trouble ({@code "slow-reader-drops"}), optionally with
 * a bounded qualifier such as a configured peer's name; never client data. Beyond
 * {@link #MAX_KINDS} kinds, new ones share one overflow kind, so the map cannot grow without bound.
 *
 * <p>One instance per actor system ({@link #get}); code outside an actor system can construct its own.
 */
public final class RepeatedWarnings implements Extension {

  /** Kinds tracked separately; more share {@code "other"}. */
  public static final int MAX_KINDS = 1024;

  private static final ExtensionId<RepeatedWarnings> ID = new ExtensionId<>() {
    @Override
    public RepeatedWarnings createExtension(ActorSystem<?> system) {
      return new RepeatedWarnings(system.settings().config().getDuration("rtd.logging.repeat-interval"),
          System::nanoTime);
    }
  };

  private final long intervalNanos;
  private final Duration interval;
  private final LongSupplier clock;
  private final ConcurrentMap<String, Kind> kinds = new ConcurrentHashMap<>();

  /**
   * @param interval how long after a logged warning further ones of its kind are only counted
   * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public RepeatedWarnings(Duration interval, LongSupplier nanoClock) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("rtd.logging.repeat-interval must not be negative, got " + interval);
    }
    this.interval = interval;
    this.intervalNanos = interval.toNanos();
    this.clock = nanoClock;
  }

  /** The instance shared by everything in {@code system}. */
  public static RepeatedWarnings get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * Whether a warning of {@code kind} should be logged now.
   *
   * @return -1 to leave this one out (it is counted); otherwise how many of this kind were left
   *     out since the last one logged (0 for the first)
   */
  public long admit(String kind) {
    Kind k = kinds.get(kind);
    if (k == null) {
      k = kinds.size() < MAX_KINDS ? kinds.computeIfAbsent(kind, x -> new Kind())
          : kinds.computeIfAbsent("other", x -> new Kind());
    }
    return k.admit(clock.getAsLong(), intervalNanos);
  }

  /**
   * Logs {@code format} at WARN if {@link #admit} lets {@code kind} through, appending how many of
   * its kind were left out. {@code args} must not end with a Throwable (log its words instead).
   */
  public void warn(Logger log, String kind, String format, Object... args) {
    long suppressed = admit(kind);
    if (suppressed < 0 || !log.isWarnEnabled()) {
      return;
    }
    if (suppressed == 0) {
      log.warn(format, args);
      return;
    }
    Object[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = suppressed;
    all[args.length + 1] = interval;
    log.warn(format + " ({} more like this were not logged; at most one per {})", all);
  }

  private static final class Kind {
    private long nextAt;
    private boolean seen;
    private long suppressed;

    synchronized long admit(long now, long intervalNanos) {
      if (seen && now - nextAt < 0) {
        suppressed++;
        return -1;
      }
      seen = true;
      nextAt = now + intervalNanos;
      long left = suppressed;
      suppressed = 0;
      return left;
    }
  }
}
