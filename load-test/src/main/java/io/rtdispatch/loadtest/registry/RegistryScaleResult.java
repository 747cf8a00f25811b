package io.rtdispatch.loadtest.registry;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one registry-scale run (-1: not measured or not reached in time). */
public final class RegistryScaleResult {
  public long topics;
  public double offeredTopicsPerSecond;
  public long streams;
  public long routable;
  public long refused;
  public LatencyStats latency;
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

  void print(PrintStream out) {
    out.printf("registry-scale: %,d topics on %,d streams, offered at %,.0f new topics/s%n", topics, streams,
        offeredTopicsPerSecond);
    out.printf("| measure | figure |%n| --- | --- |%n");
    out.printf("| subscribe → connected frame (routable ack) | %s |%n", latency);
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
