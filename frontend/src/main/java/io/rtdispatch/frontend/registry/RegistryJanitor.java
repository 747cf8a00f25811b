package io.rtdispatch.frontend.registry;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Removes registry entries of frontend nodes that are no longer cluster members (crashed and
 * downed, or left), so the registry does not grow with dead entries.
 *
 * <p>Dispatchers already ignore entries of nodes that are not Up and reachable, so this is about
 * memory, not about routing. One node does the work: the oldest Up frontend. It sweeps when a
 * member is removed and again every {@code reconcile-interval}, which also catches entries left
 * behind when the previous oldest frontend died mid-sweep.
 */
public final class RegistryJanitor extends AbstractBehavior<RegistryJanitor.Command> {

  public sealed interface Command {}

  private record MemberRemoved(Member member) implements Command {}

  private enum Sweep implements Command { INSTANCE }

  private record BucketRead(Replicator.GetResponse<ORSet<String>> response) implements Command {}

  private record EndpointsRead(Replicator.GetResponse<LWWMap<String, String>> response) implements Command {}

  private record Written(Replicator.UpdateResponse<?> response) implements Command {}

  private final ReplicatorMessageAdapter<Command, ORSet<String>> buckets;
  private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> endpoints;
  private final RegistrySettings settings;
  private final RegistryKeys keys;
  private final SelfUniqueAddress self;
  private final Cluster cluster;
  private final FrontendMetrics metrics;

  public static Behavior<Command> create(RegistrySettings settings, FrontendMetrics metrics) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        DistributedData.<Command, ORSet<String>>withReplicatorMessageAdapter(buckets ->
            DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(endpoints -> {
              timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.reconcileInterval());
              return new RegistryJanitor(context, buckets, endpoints, settings, metrics);
            }))));
  }

  private RegistryJanitor(ActorContext<Command> context, ReplicatorMessageAdapter<Command, ORSet<String>> buckets,
      ReplicatorMessageAdapter<Command, LWWMap<String, String>> endpoints, RegistrySettings settings,
      FrontendMetrics metrics) {
    super(context);
    context.setLoggerName(RegistryJanitor.class);
    this.buckets = buckets;
    this.endpoints = endpoints;
    this.settings = settings;
    this.keys = settings.keys();
    this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.cluster = Cluster.get(context.getSystem());
    this.metrics = metrics;
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberRemoved.class, removed -> new MemberRemoved(removed.member())),
        ClusterEvent.MemberRemoved.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberRemoved.class, this::onMemberRemoved)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .onMessage(BucketRead.class, this::onBucketRead)
        .onMessage(EndpointsRead.class, this::onEndpointsRead)
        .onMessage(Written.class, written -> this)
        .build();
  }

  private Behavior<Command> onMemberRemoved(MemberRemoved event) {
    if (event.member().hasRole("frontend") && isOldestFrontend()) {
      getContext().getLog().info("Frontend {} (node {}) left the cluster; removing its registry entries",
          event.member().address(), Binding.nodeId(event.member().uniqueAddress()));
      return onSweep();
    }
    return this;
  }

  private Behavior<Command> onSweep() {
    if (!isOldestFrontend()) {
      return this;
    }
    for (int bucket = 0; bucket < keys.bucketCount(); bucket++) {
      int b = bucket;
      buckets.askGet(replyTo -> new Replicator.Get<>(keys.key(b), Replicator.readLocal(), replyTo), BucketRead::new);
    }
    endpoints.askGet(replyTo -> new Replicator.Get<>(RegistryKeys.ENDPOINTS, Replicator.readLocal(), replyTo),
        EndpointsRead::new);
    return this;
  }

  private Behavior<Command> onBucketRead(BucketRead read) {
    if (!(read.response() instanceof Replicator.GetSuccess<ORSet<String>> success)) {
      return this;
    }
    Set<String> members = memberIds();
    List<String> dead = new ArrayList<>();
    scala.collection.Iterator<String> it = success.dataValue().elements().iterator();
    while (it.hasNext()) {
      String binding = it.next();
      if (!members.contains(Binding.nodeOf(binding))) {
        dead.add(binding);
      }
    }
    if (!dead.isEmpty()) {
      metrics.registryRepairs.increment(dead.size());
      getContext().getLog().info("Removing {} entries of departed nodes from {}", dead.size(), read.response().key().id());
      buckets.askUpdate(replyTo -> new Replicator.Update<>(success.key(), ORSet.create(), settings.consistency(),
          replyTo, set -> {
            ORSet<String> result = set;
            for (String binding : dead) {
              result = result.remove(self, binding);
            }
            return result;
          }), Written::new);
    }
    return this;
  }

  private Behavior<Command> onEndpointsRead(EndpointsRead read) {
    if (!(read.response() instanceof Replicator.GetSuccess<LWWMap<String, String>> success)) {
      return this;
    }
    Set<String> members = memberIds();
    List<String> dead = success.dataValue().getEntries().keySet().stream().filter(id -> !members.contains(id)).toList();
    if (!dead.isEmpty()) {
      getContext().getLog().info("Removing endpoints of departed frontend nodes {}", dead);
      endpoints.askUpdate(replyTo -> new Replicator.Update<>(RegistryKeys.ENDPOINTS, LWWMap.create(),
          settings.consistency(), replyTo, map -> {
            LWWMap<String, String> result = map;
            for (String id : dead) {
              result = result.remove(self, id);
            }
            return result;
          }), Written::new);
    }
    return this;
  }

  /** Node ids of every current member, whatever its status: only removed nodes are cleaned up. */
  private Set<String> memberIds() {
    Set<String> ids = new HashSet<>();
    cluster.state().getMembers().forEach(m -> ids.add(Binding.nodeId(m.uniqueAddress())));
    return ids;
  }

  private boolean isOldestFrontend() {
    Optional<Member> oldest = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up() && m.hasRole("frontend"))
        .reduce((a, b) -> a.isOlderThan(b) ? a : b);
    return oldest.isPresent() && oldest.get().uniqueAddress().equals(cluster.selfMember().uniqueAddress());
  }
}
