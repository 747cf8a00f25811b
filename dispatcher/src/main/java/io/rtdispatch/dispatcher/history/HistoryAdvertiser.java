package io.rtdispatch.dispatcher.history;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import io.rtdispatch.common.history.LocalHistorySources;
import io.rtdispatch.common.registry.Binding;
import java.time.Duration;

/**
 * Advertises where frontends ask this dispatcher for history: node id → internal base URL in
 * {@link LocalHistorySources#ENDPOINTS}, written once the internal port is bound and again every
 * {@code checkEvery} (a few bytes of gossip), so an entry lost in a partition comes back. Never
 * withdrawn: frontends ask only dispatchers that are Up members of the cluster, so a leaving or
 * dead one drops out with its membership.
 */
public final class HistoryAdvertiser extends AbstractBehavior<HistoryAdvertiser.Command> {

  public sealed interface Command {}

  public record Advertise(String baseUrl) implements Command {}

  private enum Check implements Command { INSTANCE }

  private record Written(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator;
  private final SelfUniqueAddress self;
  private final String nodeId;
  private String baseUrl;

  /** @param checkEvery how often to write the entry again ({@code rtd.registry.heartbeat-interval}) */
  public static Behavior<Command> create(Duration checkEvery) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(replicator -> {
          timers.startTimerWithFixedDelay(Check.INSTANCE, checkEvery);
          return new HistoryAdvertiser(context, replicator);
        })));
  }

  private HistoryAdvertiser(ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator) {
    super(context);
    this.replicator = replicator;
    this.self = DistributedData.get(context.getSystem()).selfUniqueAddress();
    this.nodeId = Binding.nodeId(self.uniqueAddress());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advertise.class, this::onAdvertise)
        .onMessageEquals(Check.INSTANCE, this::onCheck)
        .onMessage(Written.class, written -> this)
        .build();
  }

  private Behavior<Command> onAdvertise(Advertise command) {
    baseUrl = command.baseUrl();
    put();
    return this;
  }

  private Behavior<Command> onCheck() {
    if (baseUrl != null) {
      put();
    }
    return this;
  }

  private void put() {
    String url = baseUrl;
    replicator.askUpdate(replyTo -> new Replicator.Update<>(LocalHistorySources.ENDPOINTS, LWWMap.create(),
        Replicator.writeLocal(), replyTo, map -> map.put(self, nodeId, url)), Written::new);
  }
}
