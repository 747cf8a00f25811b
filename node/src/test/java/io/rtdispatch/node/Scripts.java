package io.rtdispatch.node;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's own scripts run from tests: a command in a directory of the repository, its output
 * streamed line by line to the test's output (target/surefire-reports/*-output.txt) and kept, bounded
 * in time, failing the test with the script's last lines when it exits non-zero or overruns.
 */
final class Scripts {

  /** The repository's root (tests run in the module's directory, one level below). */
  static final Path REPO = ComposeServices.ROOT;

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final int TAIL_LINES = 40;

  private Scripts() {}

  /**
   * Makes sure Debian's packages providing {@code commands} are installed (scripts/ci/install-deps.sh:
   * silent when present, installs as root, fails with the apt-get line to run otherwise).
   */
  static void installDeps(String... commands) throws Exception {
    List<String> command = new ArrayList<>(List.of(REPO.resolve("scripts/ci/install-deps.sh").toString()));
    command.addAll(List.of(commands));
    run(command, REPO, Map.of(), INSTALL_TIMEOUT);
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment.
   *
   * @return everything it printed (stdout and stderr, interleaved)
   * @throws AssertionError if it exits non-zero or is still running after {@code timeout} (then it
   *     and its child processes are killed); the message holds its last 40 lines
   */
  static String run(List<String> command, Path dir, Map<String, String> env, Duration timeout) throws Exception {
    String name = Path.of(command.get(0)).getFileName() + (command.size() > 1 ? " " + command.get(1) : "");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuilder all = new StringBuilder();
    Deque<String> tail = new ArrayDeque<>();
    Thread reader = new Thread(() -> copy(process, name, all, tail), "output of " + name);
    reader.start();
    boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    synchronized (tail) {
      String last = String.join("\n  ", tail);
      if (!exited) {
        fail(name + " did not finish within " + timeout.toSeconds() + " s; its last lines:\n  " + last);
      }
      if (process.exitValue() != 0) {
        fail(name + " exited with " + process.exitValue() + "; its last lines:\n  " + last);
      }
      return all.toString();
    }
  }

  private static void copy(Process process, String name, StringBuilder all, Deque<String> tail) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println("[" + name + "] " + line);
        synchronized (tail) {
          all.append(line).append('\n');
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process was killed: what it printed so far is kept.
    }
  }
}
