package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.stats.LatencySummary;
import java.util.List;
import java.util.Map;

/** Hand-made run results for tests of the report and search logic: only the numbers a test cares about vary. */
public final class TestRuns {
  private TestRuns() {
  }

  public static LatencySummary latency(double p99) {
    return new LatencySummary(10, 1, 2, p99, p99, p99, 1);
  }

  public static RunResult.Connections connections(long open, long failures, LatencySummary connect) {
    return new RunResult.Connections((int) (open + failures), open, failures, 0, 0, connect, LatencySummary.EMPTY,
        open, 0, 0, LatencySummary.EMPTY, LatencySummary.EMPTY, open, 1, 0);
  }

  public static RunResult.Publishing publishing(long scheduled, long accepted, long late, long dropped) {
    return new RunResult.Publishing(scheduled, accepted, 0, late, dropped, accepted, accepted, LatencySummary.EMPTY, 1,
        16);
  }

  public static RunResult.Delivery delivery(long expected, long received, double perSecond, double p99) {
    double loss = expected == 0 ? 0 : 1 - (double) received / expected;
    return new RunResult.Delivery(expected, received, 0, loss, perSecond, latency(p99), 0, 0, 0, 0, 0);
  }

  public static RunResult.ServerUsage server(double cpuPercent, double cores) {
    return new RunResult.ServerUsage(List.of(), cpuPercent / 100, cpuPercent, 0, 0, -1, -1, 0, 0, cores, 0, 0, -1, 0);
  }

  public static RunResult.ClientUsage client(double cpuPercent, boolean clientBound) {
    return new RunResult.ClientUsage(cpuPercent / 100, cpuPercent, 1, clientBound, 1, 0);
  }

  public static RunResult run(String target, int run, RunResult.Publishing publishing, RunResult.Delivery delivery,
      RunResult.ServerUsage server, RunResult.ClientUsage client) {
    return new RunResult("s", target, "rtd", run, "t", Map.of(), connections(1, 0, LatencySummary.EMPTY), publishing,
        delivery, server, client, List.of(), List.of(), null, null);
  }

  /** A run that kept up, with the given deliveries/s and p99. */
  public static RunResult run(String target, int run, double deliveriesPerSecond, double p99) {
    return run(target, run, publishing(1, 1, 0, 0), delivery(10, 10, deliveriesPerSecond, p99), server(0, 1),
        client(0, false));
  }
}
