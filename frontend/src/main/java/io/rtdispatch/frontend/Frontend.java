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
import akka.http.javadsl.ServerBinding;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.frontend.connection.ConnectionManager;
import io.rtdispatch.frontend.http.FrontendRoutes;
import io.rtdispatch.frontend.registry.EndpointPublisher;
import io.rtdispatch.frontend.registry.RegistryJanitor;
import io.rtdispatch.frontend.registry.TopicRegistrar;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Guardian of the frontend role: starts its actors and its HTTP server, advertises the node's
 * endpoint once bound, and drains on shutdown: unregister every topic (so dispatchers stop
 * sending here), then end every stream (clients reconnect elsewhere after the retry hint).
 */
public final class Frontend extends AbstractBehavior<Frontend.Command> {

  public sealed interface Command {}

  private record Bound(ServerBinding binding) implements Command {}

  private record BindFailed(Throwable cause) implements Command {}

  private static final Duration DRAIN_STEP_TIMEOUT = Duration.ofSeconds(5);

  private final FrontendSettings settings;
  private final ActorRef<EndpointPublisher.Command> endpoint;
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
    ActorRef<SubscriptionTable.Command> table =
        context.spawn(SubscriptionTable.create(registrar, frontendMetrics, pending), "subscriptions");
    ActorRef<ConnectionManager.Command> connections =
        context.spawn(ConnectionManager.create(table, settings, frontendMetrics), "connections");

    Readiness readiness = new Readiness(system);
    String nodeId = Binding.nodeId(Cluster.get(system).selfMember().uniqueAddress());
    FrontendRoutes routes = new FrontendRoutes(system, connections, table, pending, settings, security,
        frontendMetrics, readiness::notReadyReason, dataCenter, nodeId);
    context.pipeToSelf(RoleServer.start(system, "frontend", settings.http(), routes.route(), metrics, readiness,
        settings.http().drainDelay()),
        (binding, failure) -> failure == null ? new Bound(binding) : new BindFailed(failure));

    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "frontend-drain",
        () -> drain(system, registrar, connections));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Bound.class, this::onBound)
        .onMessage(BindFailed.class, this::onBindFailed)
        .build();
  }

  private Behavior<Command> onBound(Bound bound) {
    InetSocketAddress address = bound.binding().localAddress();
    String url = settings.advertisedUrl().isEmpty()
        ? "http://" + Cluster.get(getContext().getSystem()).selfMember().address().getHost().orElse("127.0.0.1")
            + ":" + address.getPort()
        : settings.advertisedUrl();
    endpoint.tell(new EndpointPublisher.Advertise(url));
    boundAddress.complete(address);
    return this;
  }

  private Behavior<Command> onBindFailed(BindFailed failed) {
    getContext().getLog().error("Frontend cannot listen on {}:{}: {}", settings.http().interfaceName(),
        settings.http().port(), failed.cause().getMessage());
    boundAddress.completeExceptionally(failed.cause());
    CoordinatedShutdown.get(getContext().getSystem()).run(CoordinatedShutdown.unknownReason());
    return this;
  }

  private CompletionStage<Done> drain(ActorSystem<?> system, ActorRef<TopicRegistrar.Command> registrar,
      ActorRef<ConnectionManager.Command> connections) {
    CompletionStage<Done> unregistered = AskPattern.ask(registrar, TopicRegistrar.UnregisterAll::new,
        DRAIN_STEP_TIMEOUT, system.scheduler());
    CompletionStage<Done> withdrawn = AskPattern.ask(endpoint, EndpointPublisher.Withdraw::new,
        DRAIN_STEP_TIMEOUT, system.scheduler());
    return unregistered.thenCombine(withdrawn, (a, b) -> Done.getInstance())
        .exceptionally(e -> Done.getInstance())
        .thenCompose(done -> AskPattern.ask(connections, ConnectionManager.CloseAll::new, DRAIN_STEP_TIMEOUT,
            system.scheduler()))
        .exceptionally(e -> Done.getInstance());
  }
}
