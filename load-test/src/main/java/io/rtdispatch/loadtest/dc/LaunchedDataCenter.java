package io.rtdispatch.loadtest.dc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data center started with the project's launcher ({@code io.rtdispatch.tools.launch.Launcher}) as a child process
 * on loopback, and driven through the launcher's stdin: {@code stop NAME} (graceful, SIGTERM), {@code start NAME}
 * (waits until the node's {@code /ready} answers 200), {@code quit} (stops every node). The URLs come from the
 * summary the launcher prints once all nodes are ready; its port plan is documented in its {@code --help}.
 */
public final class LaunchedDataCenter implements AutoCloseable {
  private static final String LAUNCHER = "io.rtdispatch.tools.launch.Launcher";
  /** A summary line: {@code "    NAME   pid 1234   http://127.0.0.1:8080/  (demo page, /connect)"} or {@code .../publish}. */
  private static final Pattern NODE_LINE = Pattern.compile("^\\s+(\\S+)\\s+pid\\s+(\\d+)\\s+(http://[^/\\s]+)/(publish)?(\\s.*)?$");
  private static final int KEPT_LINES = 30;

  /** A node of the data center: its launcher name, base URL (frontend: /connect; dispatcher: /publish), first pid. */
  public record Node(String name, URI url, long pid) {
  }

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final List<Node> frontends = new ArrayList<>();
  private final List<Node> dispatchers = new ArrayList<>();
  private final Duration opTimeout;

  /**
   * Starts the launcher and waits until every node is ready.
   *
   * @param classPath a class path holding the node and the launcher (the node's jar and the tools jar)
   * @param launcherArgs the launcher's own options ({@code --frontends 3 --dispatchers 1 --http-base ...})
   * @param opTimeout how long starting the data center, stopping a node or starting it again may take
   * @throws IllegalStateException when the launcher exits or the nodes are not ready in time (with its last output)
   */
  public static LaunchedDataCenter start(String classPath, List<String> launcherArgs, Duration opTimeout) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-cp", classPath, LAUNCHER));
    command.addAll(launcherArgs);
    try {
      return new LaunchedDataCenter(new ProcessBuilder(command).redirectErrorStream(true).start(), opTimeout);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the launcher", e);
    }
  }

  private LaunchedDataCenter(Process process, Duration opTimeout) {
    this.process = process;
    this.opTimeout = opTimeout;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "launcher-output");
    reader.setDaemon(true);
    reader.start();
    try {
      awaitLine(line -> line.startsWith("All nodes are ready"), "all nodes ready");
      for (String line = awaitLine(l -> true, "the node list"); !line.startsWith("Commands:");
          line = awaitLine(l -> true, "the node list")) {
        Matcher m = NODE_LINE.matcher(line);
        if (m.matches()) {
          (m.group(4) == null ? frontends : dispatchers).add(new Node(m.group(1), URI.create(m.group(3)),
              Long.parseLong(m.group(2))));
        }
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException("interrupted", e);
    }
  }

  public List<Node> frontends() {
    return List.copyOf(frontends);
  }

  public List<Node> dispatchers() {
    return List.copyOf(dispatchers);
  }

  /** Stops a node gracefully (SIGTERM: it drains and ends its streams) and returns once it has exited. */
  public void stop(String name) throws InterruptedException {
    command("stop " + name);
    awaitLine(line -> line.trim().equals("stopped " + name), "'" + name + "' to stop");
  }

  /**
   * Starts a stopped node again and returns once it is ready (a new incarnation, same ports).
   *
   * @return the new process's pid
   */
  public long start(String name) throws InterruptedException {
    command("start " + name);
    String line = awaitLine(l -> l.trim().startsWith(name + " is ready again"), "'" + name + "' to be ready again");
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(line);
    return pid.find() ? Long.parseLong(pid.group(1)) : -1;
  }

  /** Stops every node ({@code quit}), then the launcher; kills what is left after the launcher's own timeouts. */
  @Override
  public void close() {
    try {
      command("quit");
    } catch (RuntimeException e) {
      // the launcher is gone already
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroy(); // SIGTERM: its shutdown hook stops the nodes
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void command(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the launcher is gone (" + line + "): " + lastOutput(), e);
    }
  }

  /** Takes output lines until one matches; fails when the launcher exits or the operation's time is up. */
  private String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + opTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException("the launcher exited (code " + process.exitValue() + ") waiting for " + what
            + "; its last output: " + lastOutput());
      }
    }
    throw new IllegalStateException("no " + what + " within " + opTimeout.toSeconds() + " s; the launcher's last"
        + " output: " + lastOutput());
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (recent) {
          recent.addLast(line);
          if (recent.size() > KEPT_LINES) {
            recent.removeFirst();
          }
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // the launcher ended; awaitLine notices
    }
  }

  private String lastOutput() {
    synchronized (recent) {
      return String.join(" | ", recent);
    }
  }
}
