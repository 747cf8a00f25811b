package io.rtdispatch.dispatcher;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.history.HistoryRoutes;
import io.rtdispatch.dispatcher.history.RecentEvents;
import io.rtdispatch.common.history.HistorySources;
import io.rtdispatch.common.registry.Binding;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.server.Directives;
import io.rtdispatch.dispatcher.http.DispatcherRoutes;
import io.rtdispatch.dispatcher.peers.Peers;
import io.rtdispatch.dispatcher.presence.PresenceCounter;
import io.rtdispatch.dispatcher.presence.PresencePusher;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Guardian of the dispatcher role: starts the router and the HTTP server. Dispatchers hold no
 * state worth saving, so shutdown only needs to stop accepting publishes (readiness first, then
 * unbind); what is queued to frontends is sent while the node leaves.
 */
public final class Dispatcher {

  private Dispatcher() {}

  /**
   * @param boundAddress completed with the public port's address once bound (tests use port 0)
   * @param internalRoute completed with the dispatcher's node-to-node endpoints, for the node's internal port
   * @param internalUrl the internal port's base URL, once bound: told to frontends (with the registry's acknowledgements) for history requests
   */
  public static Behavior<Void> create(DispatcherSettings settings, SecuritySettings security,
      String dataCenter, Metrics metrics, CompletableFuture<InetSocketAddress> boundAddress,
      CompletableFuture<Route> internalRoute, CompletionStage<String> internalUrl) {
    return Behaviors.setup(context -> {
      ActorSystem<?> system = context.getSystem();
      DispatcherMetrics dispatcherMetrics = new DispatcherMetrics(metrics);
      PendingLimit pending = new PendingLimit(settings.maxPendingEvents(), settings.maxPendingBytes(), "this dispatcher",
          "routed");
      metrics.gauge("rtd.dispatcher.pending.events", "Events accepted and not yet routed", pending::pending);
      metrics.gauge("rtd.dispatcher.pending.bytes", "Bytes of events accepted and not yet routed", pending::pendingBytes);
      ByteBudget queued = new ByteBudget(settings.maxQueuedBytes());
      metrics.gauge("rtd.dispatcher.queued.bytes", "Bytes of events queued for frontends and peers", queued::used);
      RecentEvents history = new RecentEvents(settings.history(), metrics, System::currentTimeMillis);
      system.scheduler().scheduleAtFixedRate(history.sweepInterval(), history.sweepInterval(), history::sweep,
          system.executionContext());
      HistorySources.get(system).register(Binding.nodeId(Cluster.get(system).selfMember().uniqueAddress()),
          history);
      ActorRef<Router.Command> router = context.spawn(Router.create(settings, security.internalToken(),
          dispatcherMetrics, pending, queued, history, internalUrl), "router");

      Peers peers = Peers.start(system, dataCenter, settings.peers(), settings.connectTimeout(), metrics, queued);
      PresenceCounter presence = new PresenceCounter(system, router, dataCenter, settings.presence(),
          settings.peers(), security.internalToken(), settings.connectTimeout());
      context.spawn(PresencePusher.create(presence, router, pending, metrics), "presence");
      Readiness readiness = new Readiness(system);
      DispatcherRoutes routes = new DispatcherRoutes(router, peers, dataCenter, system.scheduler(), settings,
          security, dispatcherMetrics, pending, readiness::notReadyReason, presence);
      internalRoute.complete(Directives.concat(routes.internalRoute(),
          new HistoryRoutes(history, security.internalToken()).route()));
      RoleServer.start(system, "dispatcher", settings.http(), settings.maxBodyBytes(), routes.route(), null,
              settings.corsAllowedOrigins(), metrics, readiness)
          .whenComplete((address, failure) -> {
            if (failure == null) {
              boundAddress.complete(address);
            } else {
              boundAddress.completeExceptionally(RoleServer.unwrap(failure)); // the node's start-up stops and says why
            }
          });
      return Behaviors.empty();
    });
  }
}
