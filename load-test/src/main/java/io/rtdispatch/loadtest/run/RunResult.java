package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.stats.LatencySummary;
import java.util.List;
import java.util.Map;

/**
 * Everything measured in one run of one scenario against one target; serialised as is into the JSON report.
 *
 * @param bottleneck what limited this run, as {@link Bottleneck#describe()} words it ("server: CPU 98% of 1 core")
 * @param recovery what reconnects brought back; null in reports written before it was measured
 */
public record RunResult(String scenario, String target, String kind, int run, String startedAt,
    Map<String, Object> parameters, Connections connections, Publishing publishing, Delivery delivery,
    ServerUsage server, ClientUsage client, List<TimelinePoint> timeline, List<String> notes, String bottleneck,
    Recovery recovery) {

  /**
   * Received events split by how they came, and what never came. live + recovered = {@link Delivery#received()};
   * lost = expected − received (never negative), so live + recovered + lost = expected whenever nothing arrived
   * that was not expected.
   *
   * @param lastEventId how reconnects sent the last event id ({@code header}, {@code query} or {@code none})
   * @param resumeRequests connect attempts that sent a last event id
   * @param recoveredTrue those answered by a {@code connected} frame with {@code "recovered":true}
   * @param recoveredFalse those answered with {@code "recovered":false}; the rest carried no flag (a node without
   *     recovery, or nchan, which has no connected frame)
   * @param live first receipts of events published while the receiving stream was open or being set up
   * @param recovered first receipts, on a stream opened by a reconnect, of events published before that reconnect
   *     started: only a replay from the server's history brings those
   * @param lost expected deliveries that never arrived: events published to a topic while its client was subscribed
   *     or reconnecting (every client is one or the other from the start of measuring to the end)
   * @param longestGapMs longest time a client was without a stream between two streams: losses are recoverable only
   *     if the server's history window covers it
   */
  public record Recovery(String lastEventId, long resumeRequests, long recoveredTrue, long recoveredFalse, long live,
      long recovered, long lost, double longestGapMs) {
  }

  /**
   * @param openAtMeasureStart streams open when measuring began (the subscribers deliveries are expected for)
   * @param connect time from TCP connect until the stream is ready: our {@code connected} frame, nchan's response
   *     head (initial connects)
   * @param routable time from the response head to the first event (a probe) received
   * @param connectPhaseSeconds from the first connect to the end of the connect phase (all open, failed or timed out)
   * @param stalled streams opened that then stopped reading on purpose (slow-reader scenario)
   */
  public record Connections(int planned, long openAtMeasureStart, long connectFailures, long serverCloses,
      long reconnects, LatencySummary connect, LatencySummary routable, long routableCount, int storms,
      long stormReconnects, LatencySummary stormConnect, LatencySummary stormRoutable, long streamsOpened,
      double connectPhaseSeconds, long stalled) {
  }

  /**
   * @param requestTime round trip of one publish batch: from writing its first byte to reading its last response
   *     (one request with a JSON array for ours, the pipelined requests of the batch for nchan)
   * @param batchSize events per batch in this run; {@code concurrency} publisher connections
   */
  public record Publishing(long scheduled, long accepted, long failed, long late, long dropped, long requests,
      double acceptedPerSecond, LatencySummary requestTime, int batchSize, int concurrency) {
  }

  /** @param latency publish (client send time) to delivery (client receive time) */
  public record Delivery(long expected, long received, long duplicates, double lossRatio,
      double deliveriesPerSecond, LatencySummary latency, long heartbeats, long otherEvents, long probes, long bytes,
      long protocolErrors) {
  }

  /**
   * Server usage over the measurement window; memory per connection only when measured (capacity).
   *
   * @param cores CPUs the server's processes may run on (their affinity), 0 when unknown
   * @param connectCpuSeconds server CPU used during the connect phase
   * @param rssEndBytes RSS after the drain (what stalled readers left buffered shows here)
   * @param drops events the server reported dropping during the measurement (ours: frontend buffer drops from
   *     /metrics), -1 when the server does not report them
   * @param othersCpuPercent CPU that other processes used on the server's cores (100 = one core), -1 when unknown
   */
  public record ServerUsage(List<Long> pids, double cpuSeconds, double cpuPercent, long rssBeforeBytes,
      long rssAfterBytes, long heapBeforeBytes, long heapAfterBytes, double rssPerConnectionBytes,
      double heapPerConnectionBytes, double cores, double connectCpuSeconds, long rssEndBytes, long drops,
      double othersCpuPercent) {
  }

  /**
   * @param clientBound the generator used most of its CPU budget, so the server may not be the bottleneck
   * @param othersCpuPercent CPU that other processes used on the generator's cores, -1 when unknown
   */
  public record ClientUsage(double cpuSeconds, double cpuPercent, double coreBudget, boolean clientBound,
      int processes, double othersCpuPercent) {
  }
}
