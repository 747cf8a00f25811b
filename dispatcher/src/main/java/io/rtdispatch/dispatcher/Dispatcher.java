package io.rtdispatch.dispatcher;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.server.Directives;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.history.HistorySources;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.node.RolePorts;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.history.HistoryRoutes;
import io.rtdispatch.dispatcher.history.RecentEvents;
import io.rtdispatch.dispatcher.http.DispatcherRoutes;
import io.rtdispatch.dispatcher.peers.Peers;
import io.rtdispatch.dispatcher.presence.PresenceCounter;
import io.rtdispatch.dispatcher.presence.PresencePusher;

/**
 * Guardian of the dispatcher role: starts the router and the HTTP server. Dispatchers hold no
 * state worth saving, so shutdown only needs to stop accepting publishes (readiness first, then
 * unbind); what is queued to frontends is sent while the node leaves.
 */
public final class Dispatcher {

  private Dispatcher() {}

  /**
   * @param node the node's system, ids, secrets and meters; this role adds its own
   *     ({@link DispatcherContext}) and hands that to its routes, peer links and presence counter
   * @param ports where the role reports its public address, hands over {@code /internal/*} and
   *     learns the internal URL it tells frontends (with the registry's acknowledgements) for history requests
   */
  public static Behavior<Void> create(NodeContext node, DispatcherSettings settings, RolePorts ports) {
    return Behaviors.setup(context -> {
      ActorSystem<?> system = context.getSystem();
      Metrics metrics = node.metrics();
      PendingLimit pending = new PendingLimit(settings.maxPendingEvents(), settings.maxPendingBytes(), "this dispatcher",
          "routed");
      DispatcherContext role = new DispatcherContext(node, settings, new DispatcherMetrics(metrics), pending,
          new Readiness(system));
      metrics.gauge("rtd.dispatcher.pending.events", "Events accepted and not yet routed", pending::pending);
      metrics.gauge("rtd.dispatcher.pending.bytes", "Bytes of events accepted and not yet routed", pending::pendingBytes);
      ByteBudget queued = new ByteBudget(settings.maxQueuedBytes());
      metrics.gauge("rtd.dispatcher.queued.bytes", "Bytes of events queued for frontends and peers", queued::used);
      RecentEvents history = new RecentEvents(settings.history(), metrics, System::currentTimeMillis);
      system.scheduler().scheduleAtFixedRate(history.sweepInterval(), history.sweepInterval(), history::sweep,
          system.executionContext());
      HistorySources.get(system).register(node.nodeId(), history);
      ActorRef<Router.Command> router = context.spawn(Router.create(settings, role.internalToken(),
          role.metrics(), pending, queued, history, ports.internalUrl()), "router");

      Peers peers = Peers.start(role, queued);
      PresenceCounter presence = new PresenceCounter(role, router);
      context.spawn(PresencePusher.create(presence, router, pending, metrics), "presence");
      DispatcherRoutes routes = new DispatcherRoutes(role, router, peers, presence);
      ports.internalRoute().complete(Directives.concat(routes.internalRoute(),
          new HistoryRoutes(history, role.internalToken()).route()));
      RoleServer.start(system, "dispatcher", settings.http(), settings.maxBodyBytes(), routes.route(), null,
              settings.corsAllowedOrigins(), metrics, role.readiness())
          .whenComplete((address, failure) -> {
            if (failure == null) {
              ports.publicBound().complete(address);
            } else {
              ports.publicBound().completeExceptionally(RoleServer.unwrap(failure)); // the node's start-up stops and says why
            }
          });
      return Behaviors.empty();
    });
  }
}
