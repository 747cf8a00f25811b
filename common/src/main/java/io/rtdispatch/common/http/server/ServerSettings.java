package io.rtdispatch.common.http.server;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How every HTTP port of a node reads requests ({@code rtd.http}), read once at start-up; see
 * reference.conf and docs/configuration.md for each key's unit and environment variable.
 *
 * @param ioThreads Netty I/O threads shared by the node's ports; 0: one per core
 * @param acceptBacklog connections waiting to be accepted (the kernel caps it at net.core.somaxconn)
 * @param maxRequestLineBytes longest request line accepted; beyond it 414
 * @param maxHeaderBytes largest header block accepted; beyond it 431
 * @param requestTimeout time a connection has to deliver a whole request (slowloris defence)
 * @param responseTimeout time a route has to produce its whole answer; beyond it 503
 * @param ioShutdownTimeout time the I/O threads have, once the node has stopped, to finish queued writes
 * @throws IllegalArgumentException (from {@link #from}) for a value out of range, naming the key
 */
public record ServerSettings(int ioThreads, int acceptBacklog, int maxRequestLineBytes, int maxHeaderBytes,
    Duration requestTimeout, Duration responseTimeout, Duration ioShutdownTimeout) {

  public static ServerSettings from(Config config) {
    Config c = config.getConfig("rtd.http");
    ServerSettings s = new ServerSettings(
        c.getInt("io-threads"),
        c.getInt("accept-backlog"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-request-line")),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("max-header-size")),
        c.getDuration("request-timeout"),
        c.getDuration("response-timeout"),
        c.getDuration("io-shutdown-timeout"));
    requireAtLeast("io-threads", s.ioThreads, 0);
    requireAtLeast("accept-backlog", s.acceptBacklog, 1);
    requireAtLeast("max-request-line", s.maxRequestLineBytes, 1024);
    requireAtLeast("max-header-size", s.maxHeaderBytes, 1024);
    requireAtLeast("request-timeout", s.requestTimeout.toMillis(), 1);
    requireAtLeast("response-timeout", s.responseTimeout.toMillis(), 1);
    requireAtLeast("io-shutdown-timeout", s.ioShutdownTimeout.toMillis(), 0);
    return s;
  }

  /** Netty I/O threads: {@code io-threads}, or one per core when 0. */
  public int ioThreadCount() {
    return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
  }

  private static void requireAtLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException("rtd.http." + key + " must be at least " + min + ", got " + value);
    }
  }
}
