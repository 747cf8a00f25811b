package io.rtdispatch.loadtest.run;

/**
 * Options shared by all scenarios (client shape and measurement rules). See the CLI help for each.
 *
 * @param batchWindowMillis when positive, the batch size follows the rate (see {@code PublishSettings.batchFor})
 */
public record RunOptions(double connectsPerSecond, int sourceAddresses, int ioThreads, int workers,
    int maxConnectionsPerProcess, String workerHeap, int concurrency, int batchSize, int paddingBytes,
    double lateThresholdMillis, double maxLatenessMillis, double connectTimeoutSeconds,
    double routableTimeoutSeconds, long probeIntervalMillis, double drainSeconds, double clientCores,
    boolean reconnect, long reconnectDelayMillis, boolean progress, double batchWindowMillis, int maxBatch) {

  /** The same options with another connect ramp and number of worker processes (connect-rate). */
  public RunOptions withConnects(double perSecond, int workerProcesses) {
    return new RunOptions(perSecond, sourceAddresses, ioThreads, workerProcesses, maxConnectionsPerProcess,
        workerHeap, concurrency, batchSize, paddingBytes, lateThresholdMillis, maxLatenessMillis,
        connectTimeoutSeconds, routableTimeoutSeconds, probeIntervalMillis, drainSeconds, clientCores, reconnect,
        reconnectDelayMillis, progress, batchWindowMillis, maxBatch);
  }
}
