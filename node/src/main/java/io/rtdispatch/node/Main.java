package io.rtdispatch.node;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.node.logging.QuietLifecycle;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Starts a node with the roles its configuration names; {@code java -jar rtd-node.jar}.
 *
 * <p>Exit codes: 2 for an invalid configuration, 1 when the node cannot start (a port that cannot
 * be bound is one line naming the address, the setting and its environment variable); on SIGTERM
 * the node stops gracefully, logging at INFO only, and its last line is "rtd-node stopped".
 */
public final class Main {

  private Main() {}

  /** The JDK property that sizes the common pool; read once, when the pool is first used. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    keepCommonPoolThreads();
    RtdNode node;
    try {
      node = RtdNode.start(ConfigFactory.empty());
    } catch (IllegalArgumentException | ConfigException e) {
      exit(2, "invalid configuration: " + e.getMessage());
      return;
    } catch (Exception e) { // BindFailure among them: its message names the setting to change
      exit(1, e.getMessage());
      return;
    }
    flushLogsAtExit(node);
    StringBuilder banner = new StringBuilder("\nrtd-node is running in data center '" + node.dataCenter() + "'\n");
    if (node.frontendAddress() != null) {
      banner.append("  frontend   ").append(url(node.frontendAddress())).append("/   (demo page; streams at /connect)\n");
    }
    if (node.dispatcherAddress() != null) {
      banner.append("  dispatcher ").append(url(node.dispatcherAddress())).append("/publish\n");
    }
    banner.append("  internal   ").append(url(node.internalAddress())).append("/internal/...   (other nodes only)\n");
    banner.append(node.rehomeWindow() == null ? "Stop with Ctrl-C (graceful).\n"
        : "Stop with Ctrl-C (graceful: ends open streams over up to " + seconds(node.rehomeWindow())
            + ", then unregisters topics).\n");
    System.out.println(banner);
    node.system().getWhenTerminated().toCompletableFuture().join();
  }

  /**
   * On one CPU the common pool has parallelism 1, and CompletableFuture then runs every
   * {@code thenXAsync} stage without an executor on a new thread (JDK
   * {@code CompletableFuture.ThreadPerTaskExecutor}). Akka's and Scala's CompletionStages turn a plain
   * {@code thenApply} into such a stage, so a one-CPU node started a thread per HTTP request and
   * handled 2,000 publishes/s instead of 13,800 (docs/benchmarks.md, publish-throughput). The hot
   * paths name their executor; this keeps any other stage on pooled threads. An operator's own
   * {@code -D} setting wins.
   */
  static void keepCommonPoolThreads() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
  }

  /** The one line a failed start prints, after the actor system's own lines, then the exit. */
  private static void exit(int code, String message) {
    stopLogging();
    System.err.println("rtd-node: " + message);
    System.exit(code);
  }

  /**
   * On SIGTERM, Akka's own hook runs the coordinated shutdown; this one waits for it to end, so
   * the log's last lines (written through an asynchronous appender) are not lost when the JVM
   * exits, and ends the log with "rtd-node stopped".
   */
  private static void flushLogsAtExit(RtdNode node) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(node.system());
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "quiet-logs", () -> {
      QuietLifecycle.nodeStopping();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    long waitMillis = shutdown.totalTimeout().toMillis();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.system().getWhenTerminated().toCompletableFuture()
          .completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS).join();
      LoggerFactory.getLogger(Main.class).info("rtd-node stopped");
      stopLogging();
    }, "rtd-flush-logs"));
  }

  private static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  /** "10 s", "0.5 s": the banner's form of a setting. */
  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
  }

  private static String url(InetSocketAddress address) {
    String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    return "http://" + host + ":" + address.getPort();
  }
}
