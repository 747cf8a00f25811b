package io.rtdispatch.node;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.Route;
import com.typesafe.config.Config;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.settings.HttpSettings;
import io.rtdispatch.common.settings.SecuritySettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's internal port ({@code rtd.internal}): the node-to-node endpoints of every role this
 * node plays, on a port of its own so they are never reachable where browsers and the likes
 * backend connect (design: "node-to-node endpoints off the port browsers use").
 *
 * @param listen where it binds: {@code rtd.internal.interface} or, when empty, the cluster's bind
 *     host or host (127.0.0.1 in the embedded default), and {@code rtd.internal.port}
 * @param advertisedUrl the base URL other nodes reach it at; empty: http://&lt;cluster host&gt;:&lt;bound port&gt;
 */
record InternalPort(HttpSettings listen, String advertisedUrl, String clusterHost) {

  static InternalPort from(Config config) {
    Config c = config.getConfig("rtd.internal");
    String iface = c.getString("interface");
    if (iface.isEmpty()) {
      iface = config.getString("rtd.cluster.bind-host");
    }
    if (iface.isEmpty()) {
      iface = config.getString("rtd.cluster.host");
    }
    int port = c.getInt("port");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("rtd.internal.port (RTD_INTERNAL_PORT) must be 0-65535, got " + port);
    }
    return new InternalPort(new HttpSettings(iface, port), c.getString("advertised-url"),
        config.getString("rtd.cluster.host"));
  }

  /** Whether the port binds a loopback interface only (unreachable from other hosts). */
  boolean loopbackOnly() {
    try {
      return InetAddress.getByName(listen.interfaceName()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Refuses a configuration where the publish token could be bypassed: publishes need
   * {@code RTD_PUBLISH_TOKEN}, but the internal port, reachable from other hosts, would take events
   * without any token.
   *
   * @throws IllegalArgumentException naming the setting to add
   */
  void checkTokens(SecuritySettings security) {
    if (!security.publishToken().isEmpty() && security.internalToken().isEmpty() && !loopbackOnly()) {
      throw new IllegalArgumentException("RTD_PUBLISH_TOKEN is set but RTD_INTERNAL_TOKEN is not, and the internal port "
          + listen.interfaceName() + ":" + listen.port() + " is reachable beyond this host: anyone reaching it could "
          + "publish without the token. Set rtd.security.internal-token (RTD_INTERNAL_TOKEN), the same on every node");
    }
  }

  /** The start-up warning for a port open without a secret beyond loopback, or null when there is none to give. */
  String exposureWarning(SecuritySettings security) {
    if (!security.internalToken().isEmpty() || loopbackOnly()) {
      return null;
    }
    return "SECURITY: the internal port " + listen.interfaceName() + ":" + listen.port() + " takes node-to-node events "
        + "WITHOUT a token and is reachable beyond this host: anyone who can connect to it can publish to every "
        + "subscriber. Set RTD_INTERNAL_TOKEN (the same on every node) and keep this port inside the data center's "
        + "network (docs/operations.md, 'Ports')";
  }

  /**
   * Binds the port once every role has handed over its routes.
   *
   * @param roleRoutes one per role this node plays
   * @param maxBodyBytes largest batch any of those routes takes
   * @return the bound address; fails as {@link RoleServer#startInternal} does
   */
  CompletionStage<InetSocketAddress> start(ActorSystem<?> system, List<CompletableFuture<Route>> roleRoutes,
      long maxBodyBytes) {
    return CompletableFuture.allOf(roleRoutes.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      Route[] routes = roleRoutes.stream().map(CompletableFuture::join).toArray(Route[]::new);
      Route route = Directives.concat(routes[0], Arrays.copyOfRange(routes, 1, routes.length));
      return RoleServer.startInternal(system, listen, maxBodyBytes, HttpSupport.jsonErrors(route));
    });
  }

  /** The URL frontends advertise for {@code bound}. */
  String url(InetSocketAddress bound) {
    return advertisedUrl.isEmpty() ? "http://" + clusterHost + ":" + bound.getPort() : advertisedUrl;
  }
}
