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
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.delivery.InProcessFrontends;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.settings.BindFailure;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.frontend.connection.ConnectionSpawner;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.http.FrontendRoutes;
import io.rtdispatch.frontend.registry.EndpointPublisher;
import io.rtdispatch.frontend.registry.RegistryJanitor;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.stream.ConnectHandler;
import io.rtdispatch.frontend.stream.FrontendChannelHandler;
import io.rtdispatch.frontend.stream.RouteBridge;
import io.rtdispatch.frontend.stream.StreamServer;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Guardian of the frontend role: starts its actors and its stream server, advertises the node's
 * endpoint once bound, and drains on shutdown: unregister every topic (so dispatchers stop
 * sending here), then end every stream (clients reconnect elsewhere after the retry hint).
 */
public final class Frontend extends AbstractBehavior<Frontend.Command> {

  public sealed interface Command {}

  private record Bound(StreamServer server) implements Command {}

  private record BindFailed(Throwable cause) implements Command {}

  private final FrontendSettings settings;
  private final ActorRef<EndpointPublisher.Command> endpoint;
  private final Readiness readiness;
  private final CompletableFuture<InetSocketAddress> boundAddress;

  /** @param boundAddress completed with the HTTP server's address once bound (tests use port 0) */
  public static Behavior<Command> create(FrontendSettings settings, RegistrySettings registry, SecuritySettings security,
      String dataCenter, Metrics metrics, CompletableFuture<InetSocketAddress> boundAddress) {
    return Behaviors.setup(context ->
        new Frontend(context, settings, registry, security, dataCenter, metrics, boundAddress));
  }

  private Frontend(ActorContext<Command> context, FrontendSettings settings, RegistrySettings registry,
      SecuritySettings security, String dataCenter, Metrics metrics, CompletableFuture<InetSocketAddress> boundAddress) {
    super(context);
    this.settings = settings;
    this.boundAddress = boundAddress;
    FrontendMetrics frontendMetrics = new FrontendMetrics(metrics);
    ActorSystem<?> system = context.getSystem();

    ActorRef<TopicRegistrar.Command> registrar = context.spawn(TopicRegistrar.create(registry, frontendMetrics), "registrar");
    this.endpoint = context.spawn(EndpointPublisher.create(registry), "endpoint");
    context.spawn(RegistryJanitor.create(registry, frontendMetrics), "janitor");
    PendingLimit pending = new PendingLimit(settings.maxPendingEvents(), "this frontend", "fanned out");
    metrics.gauge("rtd.frontend.pending.events", "Events received and not yet fanned out", pending::pending);
    List<ActorRef<SubscriptionTable.Command>> tables = new ArrayList<>();
    List<ActorRef<ConnectionSpawner.Command>> spawners = new ArrayList<>();
    for (int i = 0; i < settings.shardCount(); i++) {
      tables.add(context.spawn(SubscriptionTable.create(registrar, frontendMetrics, pending), "subscriptions-" + i));
    }
    SubscriptionShards shards = new SubscriptionShards(tables, pending, frontendMetrics);
    Connections connections = new Connections(settings.maxConnections(), frontendMetrics);
    for (int i = 0; i < settings.shardCount(); i++) {
      spawners.add(context.spawn(ConnectionSpawner.create(connections, shards, settings.maxTopicsPerConnection()),
          "connections-" + i));
    }
    connections.spawnersStarted(spawners);
    String nodeId = Binding.nodeId(Cluster.get(system).selfMember().uniqueAddress());
    InProcessFrontends.get(system).register(nodeId, shards);
    Duration heartbeat = settings.heartbeatInterval();
    system.scheduler().scheduleAtFixedRate(heartbeat.dividedBy(4), heartbeat.dividedBy(4),
        () -> connections.heartbeat(heartbeat.toNanos()), system.executionContext());

    this.readiness = new Readiness(system);
    FrontendRoutes routes = new FrontendRoutes(system, connections, shards, settings, security,
        readiness::notReadyReason, dataCenter, nodeId);
    RouteBridge bridge = new RouteBridge(system, RoleServer.withStatus(routes.route(), metrics, readiness),
        settings.askTimeout());
    ConnectHandler connect = new ConnectHandler(connections, settings, frontendMetrics, readiness::notReadyReason);
    RoleServer.notReadyBeforeUnbind(system, "frontend", readiness, settings.http().drainDelay());
    context.pipeToSelf(StreamServer.start(settings, new FrontendChannelHandler(connect, bridge)),
        (server, failure) -> failure == null ? new Bound(server) : new BindFailed(failure));

    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "frontend-drain",
        () -> drain(system, registrar, connections, nodeId));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Bound.class, this::onBound)
        .onMessage(BindFailed.class, this::onBindFailed)
        .build();
  }

  private Behavior<Command> onBound(Bound bound) {
    StreamServer server = bound.server();
    InetSocketAddress address = server.localAddress();
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(getContext().getSystem());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "frontend-unbind",
        () -> server.unbind().thenApply(unbound -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "frontend-terminate",
        () -> server.terminate().thenApply(terminated -> Done.getInstance()));
    readiness.bound();
    getContext().getLog().info("frontend HTTP server listening on {}", address);
    String url = settings.advertisedUrl().isEmpty()
        ? "http://" + Cluster.get(getContext().getSystem()).selfMember().address().getHost().orElse("127.0.0.1")
            + ":" + address.getPort()
        : settings.advertisedUrl();
    endpoint.tell(new EndpointPublisher.Advertise(url));
    boundAddress.complete(address);
    return this;
  }

  private Behavior<Command> onBindFailed(BindFailed failed) {
    boundAddress.completeExceptionally(BindFailure.isBindFailure(failed.cause())
        ? BindFailure.of(failed.cause(), settings.http().interfaceName(), settings.http().port(),
            "rtd.frontend.http.port", "RTD_FRONTEND_PORT", "RTD_FRONTEND_INTERFACE")
        : failed.cause()); // the node's start-up stops the actor system and says why
    return this;
  }

  private CompletionStage<Done> drain(ActorSystem<?> system, ActorRef<TopicRegistrar.Command> registrar,
      Connections connections, String nodeId) {
    Duration step = settings.askTimeout();
    CompletionStage<Done> unregistered = AskPattern.ask(registrar, TopicRegistrar.UnregisterAll::new,
        step, system.scheduler());
    CompletionStage<Done> withdrawn = AskPattern.ask(endpoint, EndpointPublisher.Withdraw::new,
        step, system.scheduler());
    return unregistered.thenCombine(withdrawn, (a, b) -> Done.getInstance())
        .exceptionally(e -> Done.getInstance())
        .thenCompose(done -> {
          InProcessFrontends.get(system).unregister(nodeId);
          return connections.closeAll().toCompletableFuture().completeOnTimeout(Done.getInstance(),
              step.toMillis(), TimeUnit.MILLISECONDS);
        })
        .exceptionally(e -> Done.getInstance());
  }
}
