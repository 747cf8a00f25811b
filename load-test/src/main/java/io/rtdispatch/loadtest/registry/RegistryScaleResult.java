package io.rtdispatch.loadtest.registry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The figures of one registry-scale run (-1: not measured or not reached in time). */
public final class RegistryScaleResult {
  public long topics;
  /** Of {@link #topics}, those of the warm-up bursts (not in the latency figures). */
  public long warmupTopics;
  public double offeredTopicsPerSecond;
  public long streams;
  public long routable;
  public long refused;
  public LatencyStats latency;
  /** The frontends' {@code rtd_frontend_routable_wait_seconds} after the bursts: bound (s) → subscriptions at or below. */
  public final NavigableMap<Double, Double> routableWait = new TreeMap<>();
  public long probesPublished;
  public long probesDelivered;
  public LatencyStats probeLatency;
  public long convergedMs = -1;
  public final List<Long> entriesPerDispatcher = new ArrayList<>();
  public final Map<String, Double> heapPerEntry = new LinkedHashMap<>();
  public long restartReadyMs = -1;
  public long restartEntriesMs = -1;
  public long restartProbesPublished;
  public long restartProbesDelivered;
  public long eventsReceivedByFrontends;
  public long eventsWithoutSubscribers;
  public long writeTimeouts;
  public long errorLines;
  public long refusedProbes;

  /** "p99 ≤ X ms, Y % within 250 ms (n=N)" from the cumulative buckets, or "not exported". */
  String routableWait() {
    double count = routableWait.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    if (count == 0) {
      return "not exported";
    }
    double p99Bound = Double.POSITIVE_INFINITY;
    for (Map.Entry<Double, Double> bucket : routableWait.entrySet()) {
      if (bucket.getValue() >= 0.99 * count) {
        p99Bound = bucket.getKey();
        break;
      }
    }
    double within = routableWait.getOrDefault(0.25, 0.0);
    String p99 = p99Bound == Double.POSITIVE_INFINITY ? "p99 > 5,000 ms" : String.format("p99 ≤ %,.0f ms", p99Bound * 1000);
    return String.format("%s, %.2f %% within 250 ms (n=%,.0f)", p99, 100 * within / count, count);
  }

  void print(PrintStream out) {
    out.printf("registry-scale: %,d topics on %,d streams (%,d of them in warm-up bursts, not in the latencies), "
        + "measured bursts offered at %,.0f new topics/s%n", topics, streams, warmupTopics, offeredTopicsPerSecond);
    out.printf("| measure | figure |%n| --- | --- |%n");
    out.printf("| subscribe → connected frame (routable ack) | %s |%n", latency);
    out.printf("| subscribe → routable on the frontends (each new topic's wait for every dispatcher's ack) | %s |%n",
        routableWait());
    out.printf("| streams acknowledged routable / refused or no frame | %,d of %,d / %,d |%n", routable, streams, refused);
    out.printf("| probe published after the ack, delivered | %,d of %,d (%s) |%n", probesDelivered,
        probesPublished, probeLatency);
    out.printf("| every dispatcher holds every entry, after the last burst was sent | %,d ms |%n", convergedMs);
    out.printf("| entries per dispatcher | %s |%n", entriesPerDispatcher);
    heapPerEntry.forEach((node, bytes) -> out.printf("| heap per entry, %s (after full GC) | %,.0f bytes |%n",
        node, bytes));
    out.printf("| restarted dispatcher: start → ready / → holds every entry | %,d ms / %,d ms |%n", restartReadyMs,
        restartEntriesMs);
    out.printf("| restarted dispatcher routes a probe per stream | %,d of %,d |%n", restartProbesDelivered,
        restartProbesPublished);
    out.printf("| events received by frontends / probes published (exact routing: equal) | %,d / %,d |%n",
        eventsReceivedByFrontends, probesPublished + restartProbesPublished);
    out.printf("| events without subscribers at a frontend | %,d |%n", eventsWithoutSubscribers);
    out.printf("| registry write timeouts (the Distributed Data design's meter) | %,d |%n", writeTimeouts);
    out.printf("| ERROR lines in node logs | %,d |%n", errorLines);
    out.printf("| probes whose publish was refused or failed (not 202) | %,d |%n", refusedProbes);
  }
}
