package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.sub.Fleet;
import io.rtdispatch.loadtest.sub.FleetConfig;
import io.rtdispatch.loadtest.sub.LocalFleet;
import io.rtdispatch.loadtest.sub.RemoteFleet;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a scenario's subscribers over processes: all in this process when they fit its file limit, otherwise
 * contiguous slices in worker processes (each holding at most the per-process limit).
 */
final class FleetFactory {
  /** Files a process needs besides its sockets (jars, selectors, pipes, publisher connections). */
  private static final int RESERVED_FILES = 300;

  private FleetFactory() {
  }

  static int workerCount(int connections, RunOptions options) {
    if (options.workers() >= 0) {
      return options.workers();
    }
    int perProcess = perProcessLimit(options);
    return connections <= perProcess ? 0 : (connections + perProcess - 1) / perProcess;
  }

  static int perProcessLimit(RunOptions options) {
    if (options.maxConnectionsPerProcess() > 0) {
      return options.maxConnectionsPerProcess();
    }
    var os = ManagementFactory.getOperatingSystemMXBean();
    long max = os instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount() : 4096;
    return (int) Math.max(100, Math.min(Integer.MAX_VALUE, max - RESERVED_FILES));
  }

  static List<Fleet> create(Target target, ScenarioPlan plan, RunOptions options, String topicPrefix) {
    int connections = plan.connections();
    int workers = workerCount(connections, options);
    List<String> urls = target.subscribeUrls().stream().map(URI::toString).toList();
    List<Fleet> fleets = new ArrayList<>();
    if (workers == 0) {
      fleets.add(new LocalFleet(config(target, plan, options, urls, topicPrefix, 0, connections, 1), false));
      return fleets;
    }
    try {
      for (int w = 0; w < workers; w++) {
        int from = (int) ((long) connections * w / workers);
        int to = (int) ((long) connections * (w + 1) / workers);
        fleets.add(new RemoteFleet(config(target, plan, options, urls, topicPrefix, from, to, workers),
            options.workerHeap()));
      }
    } catch (RuntimeException e) {
      fleets.forEach(Fleet::close);
      throw e;
    }
    return fleets;
  }

  private static FleetConfig config(Target target, ScenarioPlan plan, RunOptions o, List<String> urls,
      String topicPrefix, int from, int to, int shares) {
    int[] topics = Arrays.copyOfRange(plan.topicOfConnection(), from, to);
    return new FleetConfig(target.kind(), urls, topicPrefix, topics, from, o.sourceAddresses(), o.ioThreads(),
        o.connectsPerSecond() / shares, o.reconnect(), o.reconnectDelayMillis(),
        (long) (o.connectTimeoutSeconds() * 1000), plan.connections() - plan.stalled(), plan.stalledReceiveBuffer(),
        o.lastEventId());
  }
}
