package io.rtdispatch.loadtest.run;

/** One second of a run, for the throughput chart and the progress line. */
public record TimelinePoint(double t, String phase, long openStreams, double deliveriesPerSecond,
    double latencyP99Millis, double publishedPerSecond, double serverCpuPercent, double clientCpuPercent) {
}
