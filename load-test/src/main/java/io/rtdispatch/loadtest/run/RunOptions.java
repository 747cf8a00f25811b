package io.rtdispatch.loadtest.run;

/**
 * Options shared by all scenarios (client shape and measurement rules). See the CLI help for each.
 */
public record RunOptions(double connectsPerSecond, int sourceAddresses, int ioThreads, int workers,
    int maxConnectionsPerProcess, String workerHeap, int concurrency, int batchSize, int paddingBytes,
    double lateThresholdMillis, double maxLatenessMillis, double connectTimeoutSeconds,
    double routableTimeoutSeconds, long probeIntervalMillis, double drainSeconds, double clientCores,
    boolean reconnect, long reconnectDelayMillis, boolean progress) {
}
