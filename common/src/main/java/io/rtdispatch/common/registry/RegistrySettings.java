package io.rtdispatch.common.registry;

import akka.cluster.ddata.typed.javadsl.Replicator;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How topic registrations are written to and spread by Distributed Data ({@code rtd.registry}).
 *
 * @param buckets number of keys topics are spread over; equal on every node of a data center
 * @param writeConsistency {@code all}, {@code majority} or {@code local}; how far a registration
 *     is pushed before the write counts as done (it spreads by gossip either way)
 * @param writeTimeout how long a non-local write waits for acknowledgements
 * @param flushInterval how long registrations are gathered into one write per bucket
 * @param unsubscribeGrace how long a topic stays registered after its last local subscriber left
 * @param reconcileInterval how often a frontend makes the registry agree with its subscriptions
 */
public record RegistrySettings(
    int buckets,
    String writeConsistency,
    Duration writeTimeout,
    Duration flushInterval,
    Duration unsubscribeGrace,
    Duration reconcileInterval) {

  public static RegistrySettings from(Config config) {
    Config c = config.getConfig("rtd.registry");
    RegistrySettings s = new RegistrySettings(
        c.getInt("buckets"),
        c.getString("write-consistency"),
        c.getDuration("write-timeout"),
        c.getDuration("flush-interval"),
        c.getDuration("unsubscribe-grace"),
        c.getDuration("reconcile-interval"));
    s.consistency(); // fail at start-up, not at the first write
    return s;
  }

  public RegistryKeys keys() {
    return new RegistryKeys(buckets);
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
