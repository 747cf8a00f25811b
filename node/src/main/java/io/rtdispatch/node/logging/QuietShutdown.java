package io.rtdispatch.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps a graceful stop at INFO: once this process's node has begun its coordinated shutdown
 * ({@link #nodeStopping}), Akka Remoting's WARNs that its cluster connections were aborted
 * ("[outbound connection to [akka://…], message stream] Upstream failed, cause:
 * StreamTcpException: The connection has been aborted") are dropped; they are the expected end of
 * those connections, not trouble. Before that, the same lines mean a peer vanished and are kept.
 * Registered as a turbo filter in logback.xml.
 */
public final class QuietShutdown extends TurboFilter {

  private static volatile boolean stopping;

  /** Called when this process's node starts its coordinated shutdown. */
  public static void nodeStopping() {
    stopping = true;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (stopping && level == Level.WARN && format != null && logger.getName().equals("akka.stream.Materializer")
        && (format.contains("outbound connection to [") || format.contains("inbound connection"))) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
