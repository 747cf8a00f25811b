package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.stats.LatencySummary;
import java.util.List;
import java.util.Map;

/** Everything measured in one run of one scenario against one target; serialised as is into the JSON report. */
public record RunResult(String scenario, String target, String kind, int run, String startedAt,
    Map<String, Object> parameters, Connections connections, Publishing publishing, Delivery delivery,
    ServerUsage server, ClientUsage client, List<TimelinePoint> timeline, List<String> notes) {

  /**
   * @param openAtMeasureStart streams open when measuring began (the subscribers deliveries are expected for)
   * @param connect time from TCP connect to the SSE response head, initial connects
   * @param routable time from the response head to the first event (a probe) received
   */
  public record Connections(int planned, long openAtMeasureStart, long connectFailures, long serverCloses,
      long reconnects, LatencySummary connect, LatencySummary routable, long routableCount, int storms,
      long stormReconnects, LatencySummary stormConnect, LatencySummary stormRoutable) {
  }

  public record Publishing(long scheduled, long accepted, long failed, long late, long dropped, long requests,
      double acceptedPerSecond, LatencySummary requestTime) {
  }

  /** @param latency publish (client send time) to delivery (client receive time) */
  public record Delivery(long expected, long received, long duplicates, double lossRatio,
      double deliveriesPerSecond, LatencySummary latency, long heartbeats, long otherEvents, long probes, long bytes,
      long protocolErrors) {
  }

  /** Server usage over the measurement window; memory per connection only when measured (capacity). */
  public record ServerUsage(List<Long> pids, double cpuSeconds, double cpuPercent, long rssBeforeBytes,
      long rssAfterBytes, long heapBeforeBytes, long heapAfterBytes, double rssPerConnectionBytes,
      double heapPerConnectionBytes) {
  }

  /** @param clientBound the generator used most of its CPU budget, so the server may not be the bottleneck */
  public record ClientUsage(double cpuSeconds, double cpuPercent, double coreBudget, boolean clientBound,
      int processes) {
  }
}
