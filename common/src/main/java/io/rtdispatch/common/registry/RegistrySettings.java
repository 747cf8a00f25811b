package io.rtdispatch.common.registry;

import akka.cluster.ddata.typed.javadsl.Replicator;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How frontends announce their topics to dispatchers ({@code rtd.registry}; see {@link RegistryProtocol}).
 *
 * @param writeConsistency {@code all}, {@code majority} or {@code local}: how far an endpoint (node → URL) write is
 *     pushed in Distributed Data before it counts as done (it spreads by gossip either way)
 * @param writeTimeout how long a non-local endpoint write waits for acknowledgements
 * @param flushInterval how long topic changes are gathered into one delta
 * @param unsubscribeGrace how long a topic stays registered after its last local subscriber left
 * @param heartbeatInterval how often a frontend tells every dispatcher its latest change number (a dispatcher that
 *     missed a change asks for a snapshot) and re-checks its endpoint
 * @param chunkBytes most topic bytes in one delta or snapshot message (below Artery's maximum-frame-size)
 */
public record RegistrySettings(
    String writeConsistency,
    Duration writeTimeout,
    Duration flushInterval,
    Duration unsubscribeGrace,
    Duration heartbeatInterval,
    int chunkBytes) {

  public static RegistrySettings from(Config config) {
    Config c = config.getConfig("rtd.registry");
    RegistrySettings s = new RegistrySettings(
        c.getString("write-consistency"),
        c.getDuration("write-timeout"),
        c.getDuration("flush-interval"),
        c.getDuration("unsubscribe-grace"),
        c.getDuration("heartbeat-interval"),
        (int) Math.min(Integer.MAX_VALUE, c.getBytes("chunk-bytes")));
    s.consistency(); // fail at start-up, not at the first write
    if (s.chunkBytes < 1024) {
      throw new IllegalArgumentException("rtd.registry.chunk-bytes must be at least 1KiB, got " + s.chunkBytes);
    }
    return s;
  }

  public Replicator.WriteConsistency consistency() {
    return switch (writeConsistency) {
      case "all" -> new Replicator.WriteAll(writeTimeout);
      case "majority" -> new Replicator.WriteMajority(writeTimeout);
      case "local" -> Replicator.writeLocal();
      default -> throw new IllegalArgumentException(
          "rtd.registry.write-consistency must be all, majority or local, got '" + writeConsistency + "'");
    };
  }
}
