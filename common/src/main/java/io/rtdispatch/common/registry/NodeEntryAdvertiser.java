package io.rtdispatch.common.registry;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.metrics.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one writer of a replicated map "node id ({@link Binding#nodeId}) → this node's value" (an
 * {@link LWWMap} in Distributed Data), run on every node of the map's role: today the frontends'
 * endpoint map ({@link RegistryKeys#ENDPOINTS}); the key and the role are parameters, so any map
 * of this shape gets the same writer and the same cleanup.
 *
 * <p>Each node writes its own entry once it knows the value ({@link Advertise}), re-reads the map
 * every {@code every} and writes the entry again if it is missing or different (lost in a
 * partition, or removed while this node looked gone), and removes it on {@link Withdraw}
 * (graceful shutdown). Cleanup has one owner: the oldest Up member of the role (the same node in
 * every member's view once membership has converged) removes the entries of nodes that are no
 * longer cluster members, once they were absent from membership on two checks in a row (so a
 * node that joins and writes before its membership reached the owner keeps its entry). A crashed
 * node's entry thus goes one or two checks after the cluster removed it, and the map holds one
 * entry per member of the role rather than one per incarnation ever started. Readers use only
 * entries of current members anyway.
 *
 * <p>Exposes the map's size as seen on this node: {@code rtd_cluster_map_entries{map="<key id>"}}.
 */
public final class NodeEntryAdvertiser extends AbstractBehavior<NodeEntryAdvertiser.Command> {

  public sealed interface Command {}

  /** Write this node's entry with {@code value} (a base URL), now and on every check. */
  public record Advertise(String value) implements Command {}

  /** Remove this node's entry and stop rewriting it; {@code replyTo} hears once the write is done. */
  public record Withdraw(ActorRef<Done> replyTo) implements Command {}

  private enum Check implements Command { INSTANCE }

  private record Read(Replicator.GetResponse<LWWMap<String, String>> response) implements Command {}

  private record Written(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

  /**
   * What map this advertiser writes and how.
   *
   * @param key the map
   * @param role the cluster role ({@code frontend}, {@code dispatcher}) whose nodes write it
   * @param consistency how far each write is pushed before it counts as done
   * @param every how often the entry is re-checked and stale entries looked for
   *     ({@code rtd.registry.heartbeat-interval})
   */
  public record MapSettings(Key<LWWMap<String, String>> key, String role, Replicator.WriteConsistency consistency,
      Duration every) {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator;
  private final MapSettings map;
  private final SelfUniqueAddress self;
  private final String nodeId;
  private final AtomicInteger entries;
  private final List<ActorRef<Done>> withdrawWaiters = new ArrayList<>();
  private Set<String> absentLastCheck = Set.of();
  private String value;

  public static Behavior<Command> create(MapSettings map, Metrics metrics) {
    AtomicInteger entries = new AtomicInteger();
    metrics.gauge("rtd.cluster.map.entries", "Entries of a replicated node-id map as this node holds it",
        entries::get, "map", map.key().id());
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(replicator -> {
          timers.startTimerWithFixedDelay(Check.INSTANCE, map.every());
          return new NodeEntryAdvertiser(context, replicator, map, entries);
        })));
  }

  private NodeEntryAdvertiser(ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator, MapSettings map, AtomicInteger entries) {
    super(context);
    context.setLoggerName(NodeEntryAdvertiser.class);
    this.replicator = replicator;
    this.map = map;
    this.entries = entries;
    this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.nodeId = Binding.nodeId(self.uniqueAddress());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advertise.class, this::onAdvertise)
        .onMessage(Withdraw.class, this::onWithdraw)
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessage(Read.class, this::onRead)
        .onMessage(Written.class, this::onWritten)
        .build();
  }

  private Behavior<Command> onAdvertise(Advertise command) {
    value = command.value();
    getContext().getLog().info("Advertising node {} in {}: {}", nodeId, map.key().id(), value);
    update(entries -> entries.put(self, nodeId, command.value()));
    return this;
  }

  private Behavior<Command> onCheck() {
    replicator.askGet(replyTo -> new Replicator.Get<>(map.key(), Replicator.readLocal(), replyTo), Read::new);
    return this;
  }

  private Behavior<Command> onRead(Read read) {
    Map<String, String> held = read.response() instanceof Replicator.GetSuccess<LWWMap<String, String>> success
        ? success.dataValue().getEntries() : Map.of();
    entries.set(held.size());
    if (value != null && !value.equals(held.get(nodeId))) {
      RepeatedWarnings.get(getContext().getSystem()).warn(getContext().getLog(), "entry-missing-" + map.key().id(),
          "Entry of node {} was missing from {}; advertising it again", nodeId, map.key().id());
      String again = value;
      update(entries -> entries.put(self, nodeId, again));
    }
    removeStale(held.keySet());
    return this;
  }

  /** On the role's oldest member only: removes entries whose node was not a member on this and the last check. */
  private void removeStale(Set<String> held) {
    Set<String> members = new HashSet<>();
    Member oldest = null;
    for (Member member : Cluster.get(getContext().getSystem()).state().getMembers()) {
      members.add(Binding.nodeId(member.uniqueAddress()));
      if (member.hasRole(map.role()) && member.status() == MemberStatus.up()
          && (oldest == null || member.isOlderThan(oldest))) {
        oldest = member;
      }
    }
    Set<String> absent = new HashSet<>(held);
    absent.removeAll(members);
    Set<String> stale = new HashSet<>(absent);
    stale.retainAll(absentLastCheck);
    absentLastCheck = absent;
    if (stale.isEmpty() || oldest == null || !oldest.uniqueAddress().equals(self.uniqueAddress())) {
      return;
    }
    getContext().getLog().info("Removing {} entries of nodes no longer in the cluster from {}: {}", stale.size(),
        map.key().id(), stale);
    update(entries -> {
      LWWMap<String, String> left = entries;
      for (String gone : stale) {
        left = left.remove(self, gone);
      }
      return left;
    });
  }

  private void update(Function<LWWMap<String, String>, LWWMap<String, String>> change) {
    replicator.askUpdate(replyTo -> new Replicator.Update<>(map.key(), LWWMap.create(), map.consistency(), replyTo,
        change), Written::new);
  }

  private Behavior<Command> onWithdraw(Withdraw command) {
    withdrawWaiters.add(command.replyTo());
    if (value == null) {
      replyWithdrawn();
      return this;
    }
    value = null;
    update(entries -> entries.remove(self, nodeId));
    return this;
  }

  private Behavior<Command> onWritten(Written written) {
    if (!(written.response() instanceof Replicator.UpdateSuccess)) {
      getContext().getLog().debug("Write to {} not acknowledged by every node: {}", map.key().id(), written.response());
    }
    if (value == null) {
      replyWithdrawn();
    }
    return this;
  }

  private void replyWithdrawn() {
    withdrawWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    withdrawWaiters.clear();
  }
}
