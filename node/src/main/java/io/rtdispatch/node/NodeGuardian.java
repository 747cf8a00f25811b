package io.rtdispatch.node;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.dispatcher.Dispatcher;
import io.rtdispatch.frontend.Frontend;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The node's root actor: starts the configured roles and, when no seed nodes are configured,
 * joins itself to form a one-node cluster (the embedded default).
 */
final class NodeGuardian {

  private NodeGuardian() {}

  static Behavior<Void> create(NodeConfig config, Metrics metrics, CompletableFuture<InetSocketAddress> frontendBound,
      CompletableFuture<InetSocketAddress> dispatcherBound) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      if (config.node().seedNodes().isEmpty()) {
        context.getLog().info("No seed nodes configured: forming a one-node cluster");
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      } else {
        context.getLog().info("Joining data center {} through seed nodes {}", config.node().dataCenter(),
            config.node().seedNodes());
      }
      if (config.node().frontend()) {
        context.spawn(Frontend.create(config.frontend(), config.registry(), config.security(),
            config.node().dataCenter(), metrics, frontendBound), "frontend");
      }
      if (config.node().dispatcher()) {
        context.spawn(Dispatcher.create(config.dispatcher(), config.registry(), config.security(),
            config.node().dataCenter(), metrics, dispatcherBound), "dispatcher");
      }
      return Behaviors.empty();
    });
  }
}
