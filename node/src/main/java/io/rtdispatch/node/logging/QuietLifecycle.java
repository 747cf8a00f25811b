package io.rtdispatch.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Akka's lines that say nothing to an operator at a node's start and graceful stop
 * (docs/operations.md, "Logs"); registered as a turbo filter in logback.xml.
 *
 * <ul>
 *   <li>Always: akka.cluster.Cluster's "No seed-nodes configured, manual cluster join required":
 *       the node joins itself then and says so in its own words ({@code NodeGuardian}).
 *   <li>Once this process's node has begun its coordinated shutdown ({@link #nodeStopping}):
 *       Remoting's WARNs that its cluster connections were aborted ("[outbound connection to
 *       [akka://…], message stream] Upstream failed, cause: StreamTcpException: The connection has
 *       been aborted") and the dead-letter lines of cluster ticks and gossip sent to actors that
 *       already stopped ("Message [akka.cluster.…] … was not delivered"). Akka's own
 *       {@code log-dead-letters-during-shutdown = off} only starts once the actor system
 *       terminates, after the cluster has left. Before a stop the same lines mean trouble and are kept.
 * </ul>
 *
 * <p>Akka passes its messages to SLF4J as the format for warnings and as the single argument of
 * {@code "{}"} for INFO (akka-slf4j's {@code Slf4jLogger}); both are looked at.
 */
public final class QuietLifecycle extends TurboFilter {

  private static volatile boolean stopping;

  /** Called when this process's node starts its coordinated shutdown. */
  public static void nodeStopping() {
    stopping = true;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String name = logger.getName();
    if (level == Level.INFO && name.equals("akka.cluster.Cluster")
        && message(format, params).contains("No seed-nodes configured")) {
      return FilterReply.DENY;
    }
    if (!stopping) {
      return FilterReply.NEUTRAL;
    }
    if (level == Level.WARN && format != null && name.equals("akka.stream.Materializer")
        && (format.contains("outbound connection to [") || format.contains("inbound connection"))) {
      return FilterReply.DENY;
    }
    if (level == Level.INFO && name.startsWith("akka.actor.") && message(format, params).contains("was not delivered")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static String message(String format, Object[] params) {
    if ("{}".equals(format) && params != null && params.length == 1 && params[0] != null) {
      return params[0].toString();
    }
    return format == null ? "" : format;
  }
}
