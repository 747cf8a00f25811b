package io.rtdispatch.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which roles a node plays and how it finds its cluster ({@code rtd.roles}, {@code rtd.cluster}),
 * and the Akka settings derived from them. Each data center is its own cluster: the actor system
 * is named after the data center, so a node pointed at another data center's seeds cannot join it.
 *
 * @param startTimeout most time to wait for the node's HTTP ports to be bound ({@code rtd.start-timeout})
 */
record NodeSettings(Set<String> roles, String dataCenter, String systemName, String host, int port,
    List<String> seedNodes, Duration startTimeout) {

  static final String FRONTEND = "frontend";
  static final String DISPATCHER = "dispatcher";

  static NodeSettings from(Config config) {
    Set<String> roles = new LinkedHashSet<>();
    for (String role : config.getString("rtd.roles").split(",")) {
      String r = role.trim().toLowerCase();
      if (r.isEmpty()) {
        continue;
      }
      if (!r.equals(FRONTEND) && !r.equals(DISPATCHER)) {
        throw new IllegalArgumentException("rtd.roles (RTD_ROLES) may name only frontend and dispatcher, got '" + role.trim() + "'");
      }
      roles.add(r);
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("rtd.roles (RTD_ROLES) must name at least one of frontend, dispatcher");
    }
    String dataCenter = config.getString("rtd.data-center");
    if (!dataCenter.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("rtd.data-center (RTD_DATA_CENTER) must be 1-63 letters, digits, - or _, got '"
          + dataCenter + "'");
    }
    String systemName = "rtd-" + dataCenter;
    List<String> seeds = new ArrayList<>();
    Arrays.stream(config.getString("rtd.cluster.seed-nodes").split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .forEach(s -> seeds.add(s.contains("://") ? s : "akka://" + systemName + "@" + s));
    return new NodeSettings(roles, dataCenter, systemName, config.getString("rtd.cluster.host"),
        config.getInt("rtd.cluster.port"), List.copyOf(seeds), config.getDuration("rtd.start-timeout"));
  }

  boolean frontend() {
    return roles.contains(FRONTEND);
  }

  boolean dispatcher() {
    return roles.contains(DISPATCHER);
  }

  /** What Akka's before-service-unbind phase gets beyond the drain delay (the not-ready task's own work). */
  static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);

  /** Akka settings that follow from ours; they take precedence over everything else. */
  Config akkaOverrides(Config config) {
    Config overrides = ConfigFactory.empty()
        .withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles))
        .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedNodes));
    // The drain (rtd.shutdown.drain-delay) runs in Akka's before-service-unbind phase, whose timeout
    // (5 s by default) would cut a longer drain short: the phase gets the drain plus a margin.
    Duration drain = config.getDuration("rtd.shutdown.drain-delay");
    String unbindTimeout = "akka.coordinated-shutdown.phases.before-service-unbind.timeout";
    Duration phase = config.hasPath(unbindTimeout) ? config.getDuration(unbindTimeout)
        : config.getDuration("akka.coordinated-shutdown.default-phase-timeout");
    Duration needed = drain.plus(DRAIN_MARGIN);
    if (phase.compareTo(needed) < 0) {
      overrides = overrides.withValue(unbindTimeout, ConfigValueFactory.fromAnyRef(needed.toMillis() + "ms"));
    }
    String bindHost = config.getString("rtd.cluster.bind-host");
    if (!bindHost.isEmpty()) {
      overrides = overrides.withValue("akka.remote.artery.bind.hostname", ConfigValueFactory.fromAnyRef(bindHost));
    }
    return overrides;
  }
}
