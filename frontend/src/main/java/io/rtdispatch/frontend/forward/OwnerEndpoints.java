package io.rtdispatch.frontend.forward;

import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.registry.Binding;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import io.rtdispatch.common.registry.RegistryKeys;
import java.util.Map;
import java.util.Optional;

/**
 * Where the other frontends of this data center take node-to-node requests: node id → internal
 * base URL, as their {@link io.rtdispatch.common.registry.NodeEntryAdvertiser}s advertise it in
 * the registry's endpoint map ({@link RegistryKeys#ENDPOINTS}).
 *
 * <p>The only registry read of subscription forwarding, kept to this one lookup so the registry's
 * layout can change behind it. A small actor subscribes to the map's changes (Distributed Data
 * pushes them from the local replica) and swaps in a copy, so {@link #urlOf} is a map read on the
 * caller's thread, never a round trip to the replicator.
 */
public final class OwnerEndpoints {

  private volatile Map<String, String> urls = Map.of();
  private final Cluster cluster;

  private OwnerEndpoints(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Starts watching the endpoint map with a child actor of {@code context} named {@code name}. */
  public static OwnerEndpoints watch(ActorContext<?> context, String name) {
    OwnerEndpoints endpoints = new OwnerEndpoints(Cluster.get(context.getSystem()));
    context.spawn(Watcher.create(endpoints), name);
    return endpoints;
  }

  /** The internal base URL of frontend {@code nodeId} (e.g. {@code http://10.0.0.7:9090}), if advertised. */
  public Optional<String> urlOf(String nodeId) {
    return Optional.ofNullable(urls.get(nodeId));
  }

  /**
   * Whether {@code nodeId} is a member of this data center's cluster that has not left: its
   * endpoint may just not have reached this node yet (the map spreads by gossip, within seconds),
   * so a change for its connection is worth retrying rather than a 404.
   */
  public boolean isMember(String nodeId) {
    for (Member member : cluster.state().getMembers()) {
      if (Binding.nodeId(member.uniqueAddress()).equals(nodeId)) {
        MemberStatus status = member.status();
        return status == MemberStatus.joining() || status == MemberStatus.weaklyUp() || status == MemberStatus.up();
      }
    }
    return false;
  }

  /** Copies every change of the endpoint map into its {@link OwnerEndpoints}. */
  static final class Watcher extends AbstractBehavior<Watcher.Command> {

    sealed interface Command {}

    private record Changed(Replicator.SubscribeResponse<LWWMap<String, String>> response) implements Command {}

    private final OwnerEndpoints endpoints;

    static Behavior<Command> create(OwnerEndpoints endpoints) {
      return Behaviors.setup(context -> DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(
          replicator -> {
            replicator.subscribe(RegistryKeys.ENDPOINTS, Changed::new);
            return new Watcher(context, endpoints);
          }));
    }

    private Watcher(ActorContext<Command> context, OwnerEndpoints endpoints) {
      super(context);
      this.endpoints = endpoints;
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder().onMessage(Changed.class, this::onChanged).build();
    }

    private Behavior<Command> onChanged(Changed changed) {
      if (changed.response() instanceof Replicator.Changed<LWWMap<String, String>> map) {
        endpoints.urls = Map.copyOf(map.dataValue().getEntries());
      } else if (changed.response() instanceof Replicator.Deleted) {
        endpoints.urls = Map.of();
      }
      return this;
    }
  }
}
