package io.rtdispatch.frontend;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.rtdispatch.common.delivery.InProcessFrontends;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.node.RolePorts;
import io.rtdispatch.common.registry.NodeEntryAdvertiser;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.BufferBudget;
import io.rtdispatch.frontend.connection.ConnectionSpawner;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.connection.Rehoming;
import io.rtdispatch.frontend.connection.StreamSetup;
import io.rtdispatch.frontend.forward.OwnerEndpoints;
import io.rtdispatch.frontend.forward.SubscriptionForwarding;
import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.http.FrontendRoutes;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.stream.ConnectHandler;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;

/**
 * Guardian of the frontend role: starts its actors and its public port (streams, subscriptions,
 * demo page), hands the node its internal route, advertises the node's internal URL once bound,
 * and drains on shutdown: end every stream, spread over {@code rtd.frontend.rehome-window}
 * (clients reconnect elsewhere and recover what they missed with {@code Last-Event-ID}), then
 * unregister every topic so dispatchers stop sending here.
 */
public final class Frontend extends AbstractBehavior<Frontend.Command> {

  public sealed interface Command {}

  private record Bound(InetSocketAddress address) implements Command {}

  private record BindFailed(Throwable cause) implements Command {}

  private final FrontendSettings settings;
  private final ActorRef<NodeEntryAdvertiser.Command> endpoint;
  private final CompletableFuture<InetSocketAddress> boundAddress;

  /**
   * @param node the node's system, ids, secrets and meters; this role adds its own
   *     ({@link FrontendContext}) and hands that to its routes and stream handler
   * @param ports where the role reports its public address, hands over {@code /internal/*} and
   *     learns the internal URL it advertises in the registry
   * @param localDispatcher completed with the public address of the dispatcher role of this
   *     process once bound (never completed when there is none): the demo page publishes there
   *     unless {@code rtd.frontend.demo.publish-url} says otherwise
   */
  public static Behavior<Command> create(NodeContext node, FrontendSettings settings, RolePorts ports,
      CompletionStage<InetSocketAddress> localDispatcher) {
    return Behaviors.setup(context -> new Frontend(context, node, settings, ports, localDispatcher));
  }

  private Frontend(ActorContext<Command> context, NodeContext node, FrontendSettings settings, RolePorts ports,
      CompletionStage<InetSocketAddress> localDispatcher) {
    super(context);
    this.settings = settings;
    this.boundAddress = ports.publicBound();
    ActorSystem<?> system = context.getSystem();
    Metrics metrics = node.metrics();
    RegistrySettings registry = node.registry();
    FrontendContext role = new FrontendContext(node, settings, new FrontendMetrics(metrics), new Readiness(system));
    FrontendMetrics frontendMetrics = role.metrics();

    ActorRef<TopicRegistrar.Command> registrar = context.spawn(
        TopicRegistrar.create(registry, frontendMetrics, settings.routableSettle()), "registrar");
    History history = new History(settings.history(), registry.unsubscribeGrace(), metrics);
    system.scheduler().scheduleAtFixedRate(history.sweepInterval(), history.sweepInterval(), history::sweep,
        system.executionContext());
    this.endpoint = context.spawn(NodeEntryAdvertiser.create(new NodeEntryAdvertiser.MapSettings(
        RegistryKeys.ENDPOINTS, "frontend", registry.consistency(), registry.heartbeatInterval()), metrics), "endpoint");
    PendingLimit pending = new PendingLimit(settings.maxPendingEvents(), settings.maxPendingBytes(), "this frontend",
        "fanned out");
    metrics.gauge("rtd.frontend.pending.events", "Events received and not yet fanned out", pending::pending);
    metrics.gauge("rtd.frontend.pending.bytes", "Bytes of events received and not yet fanned out", pending::pendingBytes);
    List<ActorRef<SubscriptionTable.Command>> tables = new ArrayList<>();
    List<ActorRef<ConnectionSpawner.Command>> spawners = new ArrayList<>();
    for (int i = 0; i < settings.shardCount(); i++) {
      tables.add(context.spawn(SubscriptionTable.create(registrar, frontendMetrics, pending, history), "subscriptions-" + i));
    }
    SubscriptionShards shards = new SubscriptionShards(tables, pending, frontendMetrics);
    BufferBudget buffers = new BufferBudget(settings.maxBufferedBytes(), frontendMetrics.slowConnectionsClosed);
    metrics.gauge("rtd.frontend.buffered.bytes", "Bytes waiting for clients to read them, all connections",
        buffers::held);
    Connections connections = new Connections(settings.maxConnections(), settings.maxSubscriptions(), buffers,
        frontendMetrics);
    context.getLog().info(settings.limitsLine());
    metrics.gauge("rtd.frontend.limit.connections", "max-connections in effect", settings::maxConnections);
    metrics.gauge("rtd.frontend.limit.subscriptions", "max-subscriptions in effect", settings::maxSubscriptions);
    metrics.gauge("rtd.frontend.limit.buffered.bytes", "max-buffered-bytes in effect", settings::maxBufferedBytes);
    StreamSetup setup = new StreamSetup(shards, history, settings.maxTopicsPerConnection(),
        settings.subscribeAckTimeout(), settings.retryHint(), new DispatcherHistories(system,
            settings.history().fetchTimeout(), role.internalToken(), settings.history().maxBytes()));
    for (int i = 0; i < settings.shardCount(); i++) {
      spawners.add(context.spawn(ConnectionSpawner.create(connections, setup), "connections-" + i));
    }
    connections.spawnersStarted(spawners);
    String nodeId = node.nodeId();
    InProcessFrontends.get(system).register(nodeId, shards);
    Duration heartbeat = settings.heartbeatInterval();
    system.scheduler().scheduleAtFixedRate(heartbeat.dividedBy(4), heartbeat.dividedBy(4),
        () -> connections.heartbeat(heartbeat.toNanos()), system.executionContext());

    SubscriberAuth auth = new SubscriberAuth(settings.subscribe(), metrics);
    context.getLog().info(auth.describe());
    AtomicInteger demoPublishPort = new AtomicInteger(settings.demoPublishPort());
    localDispatcher.thenAccept(address -> demoPublishPort.set(address.getPort()));
    FrontendRoutes routes = new FrontendRoutes(role, connections, shards, auth,
        OwnerEndpoints.watch(context, "owner-endpoints"), new SubscriptionForwarding(role), demoPublishPort::get);
    ports.internalRoute().complete(routes.internalRoute());
    ConnectHandler connect = new ConnectHandler(role, connections, auth);
    context.pipeToSelf(RoleServer.start(system, "frontend", settings.http(), FrontendRoutes.MAX_BODY_BYTES,
            routes.route(), connect, settings.corsAllowedOrigins(), metrics, role.readiness()),
        (address, failure) -> failure == null ? new Bound(address) : new BindFailed(failure));
    ports.internalUrl().thenAccept(url -> endpoint.tell(new NodeEntryAdvertiser.Advertise(url)));

    Logger log = context.getLog(); // the drain runs outside the actor
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "frontend-drain",
        () -> drain(system, registrar, connections, nodeId, log));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Bound.class, this::onBound)
        .onMessage(BindFailed.class, this::onBindFailed)
        .build();
  }

  private Behavior<Command> onBound(Bound bound) {
    boundAddress.complete(bound.address());
    return this;
  }

  private Behavior<Command> onBindFailed(BindFailed failed) {
    boundAddress.completeExceptionally(RoleServer.unwrap(failed.cause())); // the node's start-up stops and says why
    return this;
  }

  /**
   * The shutdown drain ({@code service-requests-done}): ends the streams spread over the re-homing
   * window ({@link Rehoming}) while the topics stay registered, so every stream gets live events
   * until it ends; then unregisters the topics and the endpoint so dispatchers stop sending here.
   * Bounded by the phase's timeout: the window is shrunk to leave room for the two
   * {@code ask-timeout} steps after it.
   */
  private CompletionStage<Done> drain(ActorSystem<?> system, ActorRef<TopicRegistrar.Command> registrar,
      Connections connections, String nodeId, Logger log) {
    Duration step = settings.askTimeout();
    Duration phase = Duration.ofMillis(CoordinatedShutdown.get(system)
        .timeout(CoordinatedShutdown.PhaseServiceRequestsDone()).toMillis());
    Duration window = Rehoming.fitted(settings.rehomeWindow(), phase, step.multipliedBy(2));
    if (window.compareTo(settings.rehomeWindow()) < 0) {
      log.warn("rtd.frontend.rehome-window {} does not fit the {} shutdown phase with two "
          + "ask-timeout steps; ending streams over {}", settings.rehomeWindow(), phase, window);
    }
    log.info("ending {} streams over {}", connections.open(), window);
    return Rehoming.endAll(connections, window, settings.retryHint(), step, system.scheduler(),
            system.executionContext())
        .thenCompose(ended -> {
          InProcessFrontends.get(system).unregister(nodeId);
          CompletionStage<Done> unregistered = AskPattern.ask(registrar, TopicRegistrar.UnregisterAll::new,
              step, system.scheduler());
          CompletionStage<Done> withdrawn = AskPattern.ask(endpoint, NodeEntryAdvertiser.Withdraw::new,
              step, system.scheduler());
          return unregistered.thenCombine(withdrawn, (a, b) -> Done.getInstance());
        })
        .exceptionally(e -> Done.getInstance());
  }
}
