package io.rtdispatch.tools.launch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node (or another JVM of a topology, like the demo publisher) running as its own process,
 * started with the same class path as this one and configured only through environment
 * variables, as a container would be. Its output goes to a log file. {@link #kill()} is kill -9;
 * {@link #stop} is a graceful SIGTERM.
 */
public final class NodeProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final URI ready;
  private final Path log;
  private final NodeSpec spec;
  private Process process;

  /** A node of a launcher topology, running {@code io.rtdispatch.node.Main}. */
  public NodeProcess(NodeSpec spec, Path logDirectory, List<String> jvmOptions) {
    this(spec.name(), java(jvmOptions, "io.rtdispatch.node.Main"), spec.environment(),
        URI.create("http://" + spec.host() + ":" + spec.statusPort() + "/ready"), logDirectory, spec);
  }

  /**
   * Any command line of this class path's programs.
   *
   * @param ready the URL that answers 200 once the process serves, or null if it has none
   */
  public NodeProcess(String name, List<String> command, Map<String, String> environment, URI ready, Path logDirectory) {
    this(name, command, environment, ready, logDirectory, null);
  }

  private NodeProcess(String name, List<String> command, Map<String, String> environment, URI ready, Path logDirectory,
      NodeSpec spec) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.ready = ready;
    this.log = logDirectory.resolve(name + ".log");
    this.spec = spec;
  }

  /** {@code java <options> -cp <this class path> <main class> <args>}. */
  public static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  public String name() {
    return name;
  }

  /** The launcher's description of this node, or null for a process started from a command line. */
  public NodeSpec spec() {
    return spec;
  }

  public Path log() {
    return log;
  }

  /** Starts (or restarts) the process; a restarted node is a new incarnation on the same ports. */
  public synchronized NodeProcess start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    process = builder.start();
    return this;
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  /**
   * Completes with the exit code when the current incarnation ends (255 for a node downed by its
   * cluster: Akka's coordinated shutdown exits with -1 for that reason).
   *
   * @throws IllegalStateException if the process was never started
   */
  public synchronized CompletableFuture<Integer> onExit() {
    if (process == null) {
      throw new IllegalStateException(name + " was never started");
    }
    return process.onExit().thenApply(Process::exitValue);
  }

  /** Waits until {@code GET /ready} answers 200 (returns at once for a process without one). */
  public void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    if (ready == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!alive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new TimeoutException(name + " not ready after " + timeout + "; see " + log);
  }

  /**
   * Waits for the process to end by itself.
   *
   * @return its exit code
   * @throws TimeoutException if it is still running after {@code timeout}
   */
  public int awaitExit(Duration timeout) throws InterruptedException, TimeoutException {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new TimeoutException(name + " still running after " + timeout + "; see " + log);
    }
    return p.exitValue();
  }

  /** kill -9: no shutdown hooks, no leaving the cluster; the cluster must notice by itself. */
  public synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM: the node drains and leaves its cluster; forced after {@code timeout}. */
  public synchronized void stop(Duration timeout) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
