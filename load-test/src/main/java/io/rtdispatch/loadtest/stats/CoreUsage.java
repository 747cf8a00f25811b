package io.rtdispatch.loadtest.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * How busy given CPUs were, whoever used them, from {@code /proc/stat}: compared with the server's and the
 * generator's own CPU time it tells whether other processes on a shared machine took the cores the benchmark pinned
 * its sides to (then neither side's numbers are its own limit).
 */
public final class CoreUsage {
  private static final double TICKS_PER_SECOND = 100;

  private CoreUsage() {
  }

  /** Busy CPU seconds so far (everything but idle and iowait) summed over the CPUs; -1 when unreadable or empty. */
  public static double busySeconds(Set<Integer> cpus) {
    if (cpus.isEmpty()) {
      return -1;
    }
    try {
      return busyTicks(Files.readString(Path.of("/proc/stat")), cpus) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Busy ticks of the CPUs in a {@code /proc/stat} text. */
  static long busyTicks(String procStat, Set<Integer> cpus) {
    long busy = 0;
    for (String line : procStat.split("\n")) {
      if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (!cpus.contains(Integer.parseInt(f[0].substring(3)))) {
        continue;
      }
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
    }
    return busy;
  }

  /** CPUs this process may run on (its affinity; children such as worker processes inherit it). */
  public static Set<Integer> ownCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return ServerProcess.parseCpuList(line.substring(line.indexOf(':') + 1));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return Set.of();
  }
}
