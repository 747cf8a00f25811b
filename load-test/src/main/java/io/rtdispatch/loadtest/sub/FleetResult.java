package io.rtdispatch.loadtest.sub;

import java.util.List;

/**
 * Final totals of a fleet. Histograms are encoded (see {@code Histograms.encode}); connect and routable cover the
 * initial connects, the storm ones the reconnect storms of the churn scenario.
 */
public record FleetResult(Counters counters, String latency, String connect, String routable, String stormConnect,
    String stormRoutable, List<Integer> missingAtMeasureStart, long processCpuNanos) {
}
