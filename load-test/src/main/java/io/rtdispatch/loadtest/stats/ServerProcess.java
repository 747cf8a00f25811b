package io.rtdispatch.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The process(es) of the server under test, read from /proc: CPU time and resident memory, plus the Java heap via
 * {@code jcmd} when the server is a JVM.
 *
 * <p>A server may be several processes (nginx: a master and workers sharing the listening socket), so everything is
 * summed over all processes that hold the listening socket. Reading /proc costs nothing on the server side, unlike
 * asking it for metrics over HTTP, which would add load the measurement then sees.
 */
public final class ServerProcess {
  private static final long TICKS_PER_SECOND = 100;
  private static final Pattern HEAP_USED = Pattern.compile("total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final List<Long> pids;

  public ServerProcess(List<Long> pids) {
    this.pids = List.copyOf(pids);
  }

  public List<Long> pids() {
    return pids;
  }

  /** Processes holding a listening TCP socket on {@code port} (needs permission to read their fds: root). */
  public static ServerProcess listeningOn(int port) {
    Set<String> inodes = new LinkedHashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && f[1].contains(":") && "0A".equals(f[3])
              && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == port) {
            inodes.add("socket:[" + f[9] + "]");
          }
        }
      } catch (IOException | NumberFormatException e) {
        // table missing (no IPv6) or unreadable: try the other one
      }
    }
    List<Long> found = new ArrayList<>();
    if (!inodes.isEmpty()) {
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        procs.filter(p -> p.getFileName().toString().matches("\\d+"))
            .filter(p -> holdsAny(p, inodes))
            .forEach(p -> found.add(Long.parseLong(p.getFileName().toString())));
      } catch (IOException e) {
        // no /proc: leave empty
      }
    }
    return new ServerProcess(found);
  }

  private static boolean holdsAny(Path proc, Set<String> inodes) {
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return inodes.contains(Files.readSymbolicLink(fd).toString());
        } catch (IOException e) {
          return false;
        }
      });
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** CPU seconds (user + system) used so far, summed over the processes. */
  public double cpuSeconds() {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        // process gone
      }
    }
    return ticks / (double) TICKS_PER_SECOND;
  }

  /** Resident set size in bytes, summed over the processes. */
  public long rssBytes() {
    long kb = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            kb += Long.parseLong(line.replaceAll("\\D", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // process gone
      }
    }
    return kb * 1024;
  }

  /**
   * Live Java heap in bytes over the JVM processes (-1 when none is a JVM or jcmd fails).
   *
   * <p>{@code jcmd GC.class_histogram} first: it runs a full collection and sums the live objects, whatever the
   * collector (Serial, G1, Parallel, ZGC). When it fails, {@code GC.run} then the "used" figures of
   * {@code GC.heap_info} (which after a full GC are the live data plus what the collector keeps in its own spaces).
   */
  public long javaHeapLiveBytes() {
    long total = -1;
    for (long pid : pids) {
      if (!isJava(pid)) {
        continue;
      }
      long live = parseHistogramTotal(jcmd(pid, "GC.class_histogram"));
      if (live <= 0) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        live = info == null ? 0 : parseHeapUsed(info);
      }
      if (live > 0) {
        total = Math.max(total, 0) + live;
      }
    }
    return total;
  }

  /** The bytes of the "Total" line of {@code jcmd GC.class_histogram} output, 0 when absent. */
  static long parseHistogramTotal(String histogram) {
    if (histogram == null) {
      return 0;
    }
    Matcher m = HISTOGRAM_TOTAL.matcher(histogram);
    return m.find() ? Long.parseLong(m.group(2)) : 0;
  }

  /** Parses the "total NK, used MK" lines of {@code jcmd GC.heap_info} output (package-private for tests). */
  static long parseHeapUsed(String info) {
    Matcher m = HEAP_USED.matcher(info);
    long used = 0;
    while (m.find()) {
      used += Long.parseLong(m.group(2)) * 1024;
    }
    return used;
  }

  /** CPUs the processes may run on (the union of their affinities), empty when unknown. */
  public Set<Integer> allowedCpus() {
    Set<Integer> cpus = new java.util.TreeSet<>();
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
          if (line.startsWith("Cpus_allowed_list:")) {
            cpus.addAll(parseCpuList(line.substring(line.indexOf(':') + 1)));
          }
        }
      } catch (IOException | RuntimeException e) {
        // process gone: count the others
      }
    }
    return cpus;
  }

  /** Parses a kernel CPU list such as {@code 0-3,6,8-9}. */
  public static Set<Integer> parseCpuList(String list) {
    Set<Integer> cpus = new java.util.TreeSet<>();
    for (String part : list.trim().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] range = part.trim().split("-");
      int from = Integer.parseInt(range[0].trim());
      int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
      for (int c = from; c <= to; c++) {
        cpus.add(c);
      }
    }
    return cpus;
  }

  private static boolean isJava(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim().equals("java");
    } catch (IOException e) {
      return false;
    }
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
