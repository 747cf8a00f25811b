package io.rtdispatch.common.http;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import akka.pattern.Patterns;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.HttpSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Binds one role's HTTP server (its routes plus {@code /health}, {@code /ready}, {@code /metrics})
 * and ties it into coordinated shutdown: readiness turns false first, then the port stops
 * accepting, and after the role has drained its own work ({@code service-requests-done}) the
 * remaining connections are terminated.
 */
public final class RoleServer {

  private static final Duration TERMINATE_DEADLINE = Duration.ofSeconds(3);

  private RoleServer() {}

  /**
   * @param drainDelay how long {@code /ready} answers 503 before the port stops accepting, so a
   *     load balancer's health checks take the node out of rotation first
   */
  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, String role, HttpSettings http,
      Route routes, Metrics metrics, Readiness readiness, Duration drainDelay) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    notReadyBeforeUnbind(system, role, readiness, drainDelay);
    Route all = withStatus(routes, metrics, readiness);
    return Http.get(system).newServerAt(http.interfaceName(), http.port())
        .bindFlow(PeerCloseWatch.wrap(all.flow(system))).thenApply(binding -> {
      readiness.bound();
      shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), role + "-unbind",
          () -> binding.unbind().thenApply(unbound -> Done.getInstance()));
      shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), role + "-terminate",
          () -> binding.terminate(TERMINATE_DEADLINE).thenApply(terminated -> Done.getInstance()));
      system.log().info("{} HTTP server listening on {}", role, binding.localAddress());
      return binding;
    });
  }

  /** {@code routes} plus {@code /health}, {@code /ready} and {@code /metrics}. */
  public static Route withStatus(Route routes, Metrics metrics, Readiness readiness) {
    StatusRoutes status = new StatusRoutes(metrics, readiness::notReadyReason);
    return status.concat(status.route(), routes);
  }

  /**
   * At shutdown, before the port stops accepting: readiness turns false, then waits
   * {@code drainDelay} so load balancers' health checks take the node out of rotation first.
   */
  public static void notReadyBeforeUnbind(ActorSystem<?> system, String role, Readiness readiness,
      Duration drainDelay) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), role + "-not-ready", () -> {
      readiness.stopping();
      if (drainDelay.isZero()) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
      system.log().info("{} not ready; waiting {} for load balancers before closing the port", role, drainDelay);
      return Patterns.after(drainDelay, system.classicSystem().scheduler(), system.executionContext(),
          () -> CompletableFuture.completedFuture(Done.getInstance()));
    });
  }
}
