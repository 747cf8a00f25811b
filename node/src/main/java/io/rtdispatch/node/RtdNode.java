package io.rtdispatch.node;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.rtdispatch.common.metrics.Metrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running node: what {@link Main} starts, and what tests and tools embed to run real nodes
 * in-process ({@code RtdNode.start(overrides)} … {@code close()}).
 */
public final class RtdNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ActorSystem<Void> system;
  private final NodeConfig config;
  private final InetSocketAddress frontend;
  private final InetSocketAddress dispatcher;
  private final InetSocketAddress internal;

  private RtdNode(ActorSystem<Void> system, NodeConfig config, InetSocketAddress frontend,
      InetSocketAddress dispatcher, InetSocketAddress internal) {
    this.system = system;
    this.config = config;
    this.frontend = frontend;
    this.dispatcher = dispatcher;
    this.internal = internal;
  }

  /**
   * Starts a node and returns once its HTTP servers are bound (it may not have joined its cluster
   * yet, see {@link #awaitUp}). Fails with a readable message if the configuration is invalid or
   * a port cannot be bound.
   */
  public static RtdNode start(Config overrides) throws Exception {
    NodeConfig config = NodeConfig.load(overrides);
    Metrics metrics = new Metrics(config.node().dataCenter());
    CompletableFuture<InetSocketAddress> frontendBound = config.node().frontend()
        ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    CompletableFuture<InetSocketAddress> dispatcherBound = config.node().dispatcher()
        ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    CompletableFuture<InetSocketAddress> internalBound = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(NodeGuardian.create(config, metrics, frontendBound, dispatcherBound,
        internalBound), config.node().systemName(), config.config());
    system.getWhenTerminated().thenRun(metrics::close);
    try {
      CompletableFuture.allOf(frontendBound, dispatcherBound, internalBound).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new RtdNode(system, config, frontendBound.get(), dispatcherBound.get(), internalBound.get());
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      system.terminate();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("the node did not start: " + cause.getMessage(), cause);
    }
  }

  /** Waits until this node is Up in its cluster. */
  public void awaitUp(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Cluster cluster = Cluster.get(system);
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("node not Up after " + timeout + " (status " + cluster.selfMember().status() + ")");
      }
      Thread.sleep(20);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public String dataCenter() {
    return config.node().dataCenter();
  }

  /** The frontend's HTTP address, or null if this node is not a frontend. */
  public InetSocketAddress frontendAddress() {
    return frontend;
  }

  /** The dispatcher's HTTP address, or null if this node is not a dispatcher. */
  public InetSocketAddress dispatcherAddress() {
    return dispatcher;
  }

  /**
   * The internal port's address (node-to-node endpoints: {@code /internal/deliver},
   * {@code /internal/peer-publish}, {@code /internal/routes}).
   */
  public InetSocketAddress internalAddress() {
    return internal;
  }

  /** Graceful shutdown (the same path as SIGTERM), waiting until the node has stopped. */
  @Override
  public void close() throws Exception {
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
