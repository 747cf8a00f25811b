package io.rtdispatch.node;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.BindFailure;
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
   * yet, see {@link #awaitUp}).
   *
   * @throws BindFailure if the cluster port or an HTTP port cannot be bound (its message names the
   *     setting and environment variable to change)
   * @throws IllegalArgumentException for an invalid configuration (the message names the key)
   */
  public static RtdNode start(Config overrides) throws Exception {
    NodeConfig config = NodeConfig.load(overrides);
    Metrics metrics = new Metrics(config.node().dataCenter());
    CompletableFuture<InetSocketAddress> frontendBound = config.node().frontend()
        ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    CompletableFuture<InetSocketAddress> dispatcherBound = config.node().dispatcher()
        ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    CompletableFuture<InetSocketAddress> internalBound = new CompletableFuture<>();
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(NodeGuardian.create(config, metrics, frontendBound, dispatcherBound, internalBound),
          config.node().systemName(), config.config());
    } catch (RuntimeException e) {
      metrics.close();
      throw BindFailure.isBindFailure(e) ? clusterPortTaken(config, e) : e;
    }
    system.getWhenTerminated().thenRun(metrics::close);
    long startMillis = config.node().startTimeout().toMillis();
    try {
      CompletableFuture.allOf(frontendBound, dispatcherBound, internalBound).get(startMillis, TimeUnit.MILLISECONDS);
      return new RtdNode(system, config, frontendBound.get(), dispatcherBound.get(), internalBound.get());
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      // Stopped without exiting the JVM (rtd-node.conf), and waited for, so the caller says why last.
      CoordinatedShutdown.get(system).run(StartFailed.INSTANCE);
      system.getWhenTerminated().toCompletableFuture().completeOnTimeout(null, shutdownMillis(system), TimeUnit.MILLISECONDS)
          .join();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof BindFailure bindFailure) {
        throw bindFailure;
      }
      throw new IllegalStateException("the node did not start: " + cause.getMessage(), cause);
    }
  }

  /** Why a node that could not start stops; rtd-node.conf keeps it from exiting the JVM. */
  static final class StartFailed implements CoordinatedShutdown.Reason {
    static final StartFailed INSTANCE = new StartFailed();

    private StartFailed() {}
  }

  /** Artery fails {@code ActorSystem.create} when the cluster port is taken. */
  private static BindFailure clusterPortTaken(NodeConfig config, RuntimeException e) {
    String bindHost = config.config().getString("rtd.cluster.bind-host");
    return BindFailure.of(e, bindHost.isEmpty() ? config.node().host() : bindHost, config.node().port(),
        "rtd.cluster.port", "RTD_CLUSTER_PORT", "RTD_CLUSTER_BIND_HOST");
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

  /**
   * How long a graceful stop spends ending the frontend's streams at most
   * ({@code rtd.frontend.rehome-window}), or null if this node is not a frontend.
   */
  public Duration rehomeWindow() {
    return config.frontend() == null ? null : config.frontend().rehomeWindow();
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

  /**
   * Graceful shutdown (the same path as SIGTERM), waiting until the node has stopped.
   *
   * @throws TimeoutException if it has not stopped within the sum of the coordinated-shutdown phases'
   *     timeouts ({@code akka.coordinated-shutdown.phases.*.timeout}), which bound every step of it
   */
  @Override
  public void close() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(shutdownMillis(system));
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture()
        .get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    system.getWhenTerminated().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** The longest a coordinated shutdown can take: the sum of its phases' timeouts. */
  private static long shutdownMillis(ActorSystem<Void> system) {
    return CoordinatedShutdown.get(system).totalTimeout().toMillis();
  }
}
