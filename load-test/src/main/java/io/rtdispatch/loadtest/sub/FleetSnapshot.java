package io.rtdispatch.loadtest.sub;

/**
 * Progress of a fleet: totals so far, latency recorded since the previous snapshot (encoded histogram), and the
 * CPU time of the fleet's process (0 when the fleet runs inside the coordinator, whose CPU is measured directly).
 */
public record FleetSnapshot(Counters counters, String latencyInterval, long processCpuNanos) {
}
