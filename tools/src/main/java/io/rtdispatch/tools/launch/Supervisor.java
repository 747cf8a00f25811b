package io.rtdispatch.tools.launch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts, stops and restarts the processes of a local topology, as a container runtime's restart
 * policy would. A node that exits without being asked to is started again after a backoff: above
 * all one downed by its cluster's Split Brain Resolver, which exits with code 255
 * ({@code akka.coordinated-shutdown.exit-jvm}, exit code -1 for the downing reason) and would
 * otherwise stay down, but also one that crashed or was killed from outside (137). Not restarted:
 * a node stopped or killed through this class, one that ended on SIGINT or SIGTERM (exit codes 130
 * and 143: someone outside stopped it on purpose), and every node once {@link #stopAll} began.
 * Every decision is reported to the given log, one line each.
 */
public final class Supervisor {

  /**
   * How restarts are paced: the first waits {@code firstBackoff}, each further one twice as long
   * up to {@code maxBackoff}; after {@code maxRestarts} restarts in a row the node stays down (0:
   * never restart). A node that ran for {@code resetAfter} before exiting counts from zero again.
   */
  public record RestartPolicy(Duration firstBackoff, Duration maxBackoff, int maxRestarts, Duration resetAfter) {
    /** @throws IllegalArgumentException for a negative count or a duration that is not positive */
    public RestartPolicy {
      if (maxRestarts < 0 || firstBackoff.isNegative() || firstBackoff.isZero() || maxBackoff.compareTo(firstBackoff) < 0
          || resetAfter.isNegative()) {
        throw new IllegalArgumentException("restarts must be 0 or more and backoffs positive, got " + maxRestarts
            + " restarts, backoff " + firstBackoff + " to " + maxBackoff);
      }
    }
  }

  private static final int SIGINT_EXIT = 130;
  private static final int SIGTERM_EXIT = 143;

  /** What the supervisor knows of one node. */
  private static final class Watch {
    boolean wanted;
    int incarnation;
    int restartsInARow;
    int restarts;
    long startedAt;
  }

  private final RestartPolicy policy;
  private final Consumer<String> log;
  private final Map<NodeProcess, Watch> watches = new LinkedHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "supervisor-restarts");
    t.setDaemon(true);
    return t;
  });
  private boolean closed;

  /** @param log receives one line per restart decision */
  public Supervisor(RestartPolicy policy, Consumer<String> log) {
    this.policy = policy;
    this.log = log;
  }

  /** Starts the node (a new incarnation if it ran before) and restarts it whenever it exits unasked. */
  public synchronized void start(NodeProcess node) throws IOException {
    Watch watch = watches.computeIfAbsent(node, n -> new Watch());
    watch.wanted = true;
    watch.restartsInARow = 0;
    launch(node, watch);
  }

  /** Graceful stop (SIGTERM, forced after {@code timeout}); the node stays down. */
  public void stop(NodeProcess node, Duration timeout) throws InterruptedException {
    unwant(node);
    node.stop(timeout);
  }

  /** kill -9; the node stays down. */
  public void kill(NodeProcess node) throws InterruptedException {
    unwant(node);
    node.kill();
  }

  /** How many times the node was restarted after exiting unasked. */
  public synchronized int restarts(NodeProcess node) {
    Watch watch = watches.get(node);
    return watch == null ? 0 : watch.restarts;
  }

  /** Stops restarting anything, then stops every running node in parallel; how many were running. */
  public int stopAll(Duration timeout) {
    List<NodeProcess> nodes;
    synchronized (this) {
      closed = true;
      nodes = new ArrayList<>(watches.keySet());
    }
    timer.shutdownNow();
    List<Thread> stoppers = new ArrayList<>();
    for (NodeProcess node : nodes) {
      if (node.alive()) {
        Thread t = new Thread(() -> {
          try {
            node.stop(timeout);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "stop-" + node.name());
        t.start();
        stoppers.add(t);
      }
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return stoppers.size();
  }

  private synchronized void unwant(NodeProcess node) {
    Watch watch = watches.get(node);
    if (watch != null) {
      watch.wanted = false;
    }
  }

  private void launch(NodeProcess node, Watch watch) throws IOException {
    node.start();
    int incarnation = ++watch.incarnation;
    watch.startedAt = System.nanoTime();
    node.onExit().thenAccept(code -> exited(node, incarnation, code));
  }

  private synchronized void exited(NodeProcess node, int incarnation, int code) {
    Watch watch = watches.get(node);
    if (closed || !watch.wanted || incarnation != watch.incarnation) {
      return;
    }
    if (code == SIGINT_EXIT || code == SIGTERM_EXIT) {
      watch.wanted = false;
      log.accept(node.name() + " was stopped by a signal (exit code " + code + "); not restarting it");
      return;
    }
    if (System.nanoTime() - watch.startedAt >= policy.resetAfter().toNanos()) {
      watch.restartsInARow = 0;
    }
    if (watch.restartsInARow >= policy.maxRestarts()) {
      watch.wanted = false;
      log.accept(node.name() + " exited with code " + code + " after " + watch.restartsInARow
          + " restarts in a row; giving up (see " + node.log() + ")");
      return;
    }
    long backoff = Math.min(policy.maxBackoff().toMillis(), policy.firstBackoff().toMillis() << Math.min(watch.restartsInARow, 20));
    watch.restartsInARow++;
    log.accept(String.format("%s exited unexpectedly with code %d%s; restart %d of %d in %.1f s", node.name(), code,
        code == 255 ? " (downed by its cluster)" : "", watch.restartsInARow, policy.maxRestarts(), backoff / 1000.0));
    timer.schedule(() -> restart(node, incarnation), backoff, TimeUnit.MILLISECONDS);
  }

  private synchronized void restart(NodeProcess node, int incarnation) {
    Watch watch = watches.get(node);
    if (closed || !watch.wanted || incarnation != watch.incarnation) {
      return;
    }
    try {
      launch(node, watch);
      watch.restarts++;
      log.accept(node.name() + " restarted, pid " + node.pid());
    } catch (IOException e) {
      watch.wanted = false;
      log.accept(node.name() + " could not be restarted: " + e.getMessage());
    }
  }
}
