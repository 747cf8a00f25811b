package io.rtdispatch.node;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.server.Route;
import io.rtdispatch.common.http.RoleServer;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.node.RolePorts;
import io.rtdispatch.dispatcher.Dispatcher;
import io.rtdispatch.frontend.Frontend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node's root actor: builds the {@link NodeContext} every role shares (once), starts the
 * configured roles with it and the internal port serving their node-to-node endpoints and, when no seed nodes are configured, joins itself to form a one-node
 * cluster (the embedded default).
 */
final class NodeGuardian {

  private NodeGuardian() {}

  /**
   * @param frontendBound completed with the frontend's public address (if the node is a frontend)
   * @param dispatcherBound completed with the dispatcher's public address (if the node is a dispatcher)
   * @param internalBound completed with the internal port's address
   */
  static Behavior<Void> create(NodeConfig config, Metrics metrics, CompletableFuture<InetSocketAddress> frontendBound,
      CompletableFuture<InetSocketAddress> dispatcherBound, CompletableFuture<InetSocketAddress> internalBound) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      if (config.node().seedNodes().isEmpty()) {
        context.getLog().info("No seed nodes configured: forming a one-node cluster");
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      } else {
        context.getLog().info("Joining data center {} through seed nodes {}", config.node().dataCenter(),
            config.node().seedNodes());
      }
      List<CompletableFuture<Route>> internalRoutes = new ArrayList<>();
      CompletionStage<String> internalUrl = internalBound.thenApply(config.internal()::url);
      NodeContext node = NodeContext.of(context.getSystem(), config.node().dataCenter(), config.security(),
          config.topicRegistry(), metrics);
      if (config.node().frontend()) {
        RolePorts ports = new RolePorts(frontendBound, new CompletableFuture<>(), internalUrl);
        internalRoutes.add(ports.internalRoute());
        CompletionStage<InetSocketAddress> localDispatcher = config.node().dispatcher() ? dispatcherBound
            : new CompletableFuture<>();
        context.spawn(Frontend.create(node, config.frontend(), ports, localDispatcher), "frontend");
      }
      if (config.node().dispatcher()) {
        RolePorts ports = new RolePorts(dispatcherBound, new CompletableFuture<>(), internalUrl);
        internalRoutes.add(ports.internalRoute());
        context.spawn(Dispatcher.create(node, config.dispatcher(), ports), "dispatcher");
      }
      ActorSystem<?> system = context.getSystem();
      config.internal().start(system, internalRoutes, config.maxInternalBodyBytes()).whenComplete((address, failure) -> {
        if (failure != null) {
          internalBound.completeExceptionally(RoleServer.unwrap(failure)); // the node's start-up stops and says why
          return;
        }
        String warning = config.internal().exposureWarning(config.security());
        if (warning != null) {
          system.log().warn(warning);
        }
        internalBound.complete(address);
      });
      return Behaviors.empty();
    });
  }
}
