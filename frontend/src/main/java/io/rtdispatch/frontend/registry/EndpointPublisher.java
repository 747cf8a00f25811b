package io.rtdispatch.frontend.registry;

import akka.Done;
import akka.actor.typed.ActorRef;
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
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes where dispatchers reach this frontend over HTTP: node id → base URL in the registry's
 * endpoint map. Dispatchers route only to frontends whose endpoint they know, so this is written
 * as soon as the HTTP server is bound, re-checked on every reconciliation, and withdrawn first on
 * shutdown.
 */
public final class EndpointPublisher extends AbstractBehavior<EndpointPublisher.Command> {

  public sealed interface Command {}

  public record Advertise(String baseUrl) implements Command {}

  public record Withdraw(ActorRef<Done> replyTo) implements Command {}

  private enum Check implements Command { INSTANCE }

  private record Read(Replicator.GetResponse<LWWMap<String, String>> response) implements Command {}

  private record Written(Replicator.UpdateResponse<LWWMap<String, String>> response) implements Command {}

  private final ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator;
  private final RegistrySettings settings;
  private final SelfUniqueAddress self;
  private final String nodeId;
  private final List<ActorRef<Done>> withdrawWaiters = new ArrayList<>();
  private String baseUrl;

  public static Behavior<Command> create(RegistrySettings settings) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        DistributedData.<Command, LWWMap<String, String>>withReplicatorMessageAdapter(replicator -> {
          timers.startTimerWithFixedDelay(Check.INSTANCE, settings.heartbeatInterval());
          return new EndpointPublisher(context, replicator, settings);
        })));
  }

  private EndpointPublisher(ActorContext<Command> context,
      ReplicatorMessageAdapter<Command, LWWMap<String, String>> replicator, RegistrySettings settings) {
    super(context);
    context.setLoggerName(EndpointPublisher.class);
    this.replicator = replicator;
    this.settings = settings;
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
    baseUrl = command.baseUrl();
    getContext().getLog().info("Advertising frontend node {} at {}", nodeId, baseUrl);
    put();
    return this;
  }

  private Behavior<Command> onCheck() {
    if (baseUrl != null) {
      replicator.askGet(replyTo -> new Replicator.Get<>(RegistryKeys.ENDPOINTS, Replicator.readLocal(), replyTo),
          Read::new);
    }
    return this;
  }

  private Behavior<Command> onRead(Read read) {
    boolean present = read.response() instanceof Replicator.GetSuccess<LWWMap<String, String>> success
        && success.dataValue().contains(nodeId);
    if (!present && baseUrl != null) {
      RepeatedWarnings.get(getContext().getSystem()).warn(getContext().getLog(), "endpoint-missing",
          "Endpoint of node {} was missing from the registry; advertising it again", nodeId);
      put();
    }
    return this;
  }

  private void put() {
    String url = baseUrl;
    replicator.askUpdate(replyTo -> new Replicator.Update<>(RegistryKeys.ENDPOINTS, LWWMap.create(),
        settings.consistency(), replyTo, map -> map.put(self, nodeId, url)), Written::new);
  }

  private Behavior<Command> onWithdraw(Withdraw command) {
    withdrawWaiters.add(command.replyTo());
    if (baseUrl == null) {
      replyWithdrawn();
      return this;
    }
    baseUrl = null;
    replicator.askUpdate(replyTo -> new Replicator.Update<>(RegistryKeys.ENDPOINTS, LWWMap.create(),
        settings.consistency(), replyTo, map -> map.remove(self, nodeId)), Written::new);
    return this;
  }

  private Behavior<Command> onWritten(Written written) {
    if (!(written.response() instanceof Replicator.UpdateSuccess)) {
      getContext().getLog().debug("Endpoint write not acknowledged by every node: {}", written.response());
    }
    if (baseUrl == null) {
      replyWithdrawn();
    }
    return this;
  }

  private void replyWithdrawn() {
    withdrawWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    withdrawWaiters.clear();
  }
}
