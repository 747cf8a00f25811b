package io.rtdispatch.loadtest.sub;

import java.lang.management.ManagementFactory;

/** CPU time (user + system) consumed by this JVM process so far. */
public final class ProcessCpu {
  private ProcessCpu() {
  }

  public static long nanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.max(0, sun.getProcessCpuTime());
    }
    return 0;
  }
}
