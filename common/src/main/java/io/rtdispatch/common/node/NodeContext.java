package io.rtdispatch.common.node;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Scheduler;
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.settings.SecuritySettings;

/**
 * What every role of a node shares, built once by the node's guardian and handed to each role's
 * guardian, which wraps it in its own context ({@code FrontendContext}, {@code DispatcherContext})
 * together with its settings, metrics, limits and readiness. Each value here is read from the
 * configuration in one place only ({@code NodeSettings}, {@link SecuritySettings},
 * {@link RegistrySettings}); nothing downstream reads those keys again.
 *
 * @param dataCenter this node's data center ({@code rtd.data-center})
 * @param nodeId this incarnation's id in the cluster ({@link Binding#nodeId}): names the node in
 *     the registry, in connection ids and in the in-process shortcuts
 * @param security the shared secrets ({@code rtd.security}); "" means the check is off
 * @param registry the topic registry's timings ({@code rtd.registry})
 * @param metrics the node's meter registry, tagged with the data center
 */
public record NodeContext(ActorSystem<?> system, String dataCenter, String nodeId, SecuritySettings security,
    RegistrySettings registry, Metrics metrics) {

  /** The context of the node {@code system} runs: its node id is its cluster member's. */
  public static NodeContext of(ActorSystem<?> system, String dataCenter, SecuritySettings security,
      RegistrySettings registry, Metrics metrics) {
    String nodeId = Binding.nodeId(Cluster.get(system).selfMember().uniqueAddress());
    return new NodeContext(system, dataCenter, nodeId, security, registry, metrics);
  }

  public Scheduler scheduler() {
    return system.scheduler();
  }
}
