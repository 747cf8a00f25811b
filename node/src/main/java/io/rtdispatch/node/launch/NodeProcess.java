package io.rtdispatch.node.launch;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node running as its own JVM process, started with the same class path as this one and
 * configured only through environment variables, as a container would be. Its output goes to a
 * log file. {@link #kill()} is kill -9; {@link #stop()} is a graceful SIGTERM.
 */
public final class NodeProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final NodeSpec spec;
  private final Path log;
  private final List<String> jvmOptions;
  private Process process;

  public NodeProcess(NodeSpec spec, Path logDirectory, List<String> jvmOptions) {
    this.spec = spec;
    this.log = logDirectory.resolve(spec.name() + ".log");
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public NodeSpec spec() {
    return spec;
  }

  public Path log() {
    return log;
  }

  /** Starts (or restarts) the process; a restarted node is a new incarnation on the same ports. */
  public synchronized NodeProcess start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(spec.name() + " is already running");
    }
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.rtdispatch.node.Main");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(spec.environment());
    process = builder.start();
    return this;
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process.pid();
  }

  /** Waits until {@code GET /ready} answers 200 on the node's HTTP port. */
  public void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI ready = URI.create("http://" + spec.host() + ":" + spec.statusPort() + "/ready");
    while (System.nanoTime() < deadline) {
      if (!alive()) {
        throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue() + "; see " + log);
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
    throw new TimeoutException(spec.name() + " not ready after " + timeout + "; see " + log);
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
