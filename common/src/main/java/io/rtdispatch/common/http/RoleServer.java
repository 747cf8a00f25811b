package io.rtdispatch.common.http;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.Route;
import akka.pattern.Patterns;
import io.rtdispatch.common.http.server.HttpServer;
import io.rtdispatch.common.http.server.RequestDispatch;
import io.rtdispatch.common.http.server.RouteBridge;
import io.rtdispatch.common.http.server.ServerSettings;
import io.rtdispatch.common.http.server.StreamUpgrade;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.BindFailure;
import io.rtdispatch.common.settings.HttpSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Binds a node's HTTP ports ({@link HttpServer}) and ties them into coordinated shutdown.
 *
 * <p>A role's public port (frontend, dispatcher) serves its routes plus {@code /health},
 * {@code /ready} and {@code /metrics}: at shutdown readiness turns false first, then after the
 * drain delay the port stops accepting, and after the role has drained its own work
 * ({@code service-requests-done}) the remaining connections are closed. The internal port keeps
 * accepting node-to-node batches until {@code service-stop}, so deliveries in flight while a
 * frontend drains still land.
 */
public final class RoleServer {

  private RoleServer() {}

  /**
   * Starts a role's public port.
   *
   * @param role "frontend" or "dispatcher": the port's name in logs, and its settings' prefix in the
   *     bind-failure message ({@code RTD_FRONTEND_PORT}, {@code RTD_DISPATCHER_PORT})
   * @param maxBodyBytes largest request body the port reads (413 JSON beyond)
   * @param upgrade requests answered by a stream, or null
   * @param corsAllowedOrigins origins whose pages may read the port's own error answers
   * @return the bound address; fails with a {@link BindFailure} naming the address and the settings
   *     to change when the port cannot be bound
   */
  public static CompletionStage<InetSocketAddress> start(ActorSystem<?> system, String role, HttpSettings http,
      long maxBodyBytes, Route routes, StreamUpgrade upgrade, String corsAllowedOrigins, Metrics metrics,
      Readiness readiness) {
    notReadyBeforeUnbind(system, role, readiness, http.drainDelay());
    ServerSettings settings = ServerSettings.from(system.settings().config());
    RequestDispatch dispatch = new RequestDispatch(bridge(system, settings, withStatus(routes, metrics, readiness)), upgrade,
        corsAllowedOrigins, RepeatedWarnings.get(system));
    return bind(system, role, http, settings, maxBodyBytes, dispatch, CoordinatedShutdown.PhaseServiceUnbind(),
        "rtd." + role + ".http", "RTD_" + role.toUpperCase(Locale.ROOT))
        .thenApply(address -> {
          readiness.bound();
          return address;
        });
  }

  /**
   * Starts the node's internal port (node-to-node endpoints only; no CORS, no status routes).
   *
   * @return as for {@link #start}; the settings named are {@code RTD_INTERNAL_PORT / RTD_INTERNAL_INTERFACE}
   */
  public static CompletionStage<InetSocketAddress> startInternal(ActorSystem<?> system, HttpSettings http,
      long maxBodyBytes, Route routes) {
    ServerSettings settings = ServerSettings.from(system.settings().config());
    RequestDispatch dispatch = new RequestDispatch(bridge(system, settings, routes), null, "", RepeatedWarnings.get(system));
    return bind(system, "internal", http, settings, maxBodyBytes, dispatch, CoordinatedShutdown.PhaseServiceStop(),
        "rtd.internal", "RTD_INTERNAL");
  }

  private static RouteBridge bridge(ActorSystem<?> system, ServerSettings settings, Route routes) {
    return new RouteBridge(system, routes, settings.responseTimeout());
  }

  private static CompletionStage<InetSocketAddress> bind(ActorSystem<?> system, String name, HttpSettings http,
      ServerSettings settings, long maxBodyBytes, RequestDispatch dispatch, String unbindPhase, String settingPrefix,
      String envPrefix) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    return HttpServer.start(system, name, http, settings, maxBodyBytes, dispatch)
        .handle((server, failure) -> {
          if (failure != null) {
            throw BindFailure.isBindFailure(failure) ? BindFailure.of(failure, http.interfaceName(), http.port(),
                settingPrefix + ".port", envPrefix + "_PORT", envPrefix + "_INTERFACE")
                : new IllegalStateException("the " + name + " HTTP port did not start: " + failure.getMessage(), failure);
          }
          shutdown.addTask(unbindPhase, name + "-unbind", () -> server.unbind().thenApply(unbound -> Done.getInstance()));
          shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), name + "-terminate",
              () -> server.terminate().thenApply(terminated -> Done.getInstance()));
          system.log().info("{} HTTP port listening on {}", name, server.localAddress());
          return server.localAddress();
        });
  }

  /** The failure a port's start completed with, without {@link CompletionException} wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
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
