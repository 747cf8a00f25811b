package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.sub.LastEventIdMode;

/**
 * Options shared by all scenarios (client shape and measurement rules). See the CLI help for each.
 *
 * @param batchWindowMillis when positive, the batch size follows the rate (see {@code PublishSettings.batchFor})
 * @param lastEventId how reconnecting subscribers send the last event id they received
 */
public record RunOptions(double connectsPerSecond, int sourceAddresses, int ioThreads, int workers,
    int maxConnectionsPerProcess, String workerHeap, int concurrency, int batchSize, int paddingBytes,
    double lateThresholdMillis, double maxLatenessMillis, double connectTimeoutSeconds,
    double routableTimeoutSeconds, long probeIntervalMillis, double drainSeconds, double clientCores,
    boolean reconnect, long reconnectDelayMillis, boolean progress, double batchWindowMillis, int maxBatch,
    LastEventIdMode lastEventId) {

  /** The same options with another connect ramp and number of worker processes (connect-rate). */
  public RunOptions withConnects(double perSecond, int workerProcesses) {
    return new RunOptions(perSecond, sourceAddresses, ioThreads, workerProcesses, maxConnectionsPerProcess,
        workerHeap, concurrency, batchSize, paddingBytes, lateThresholdMillis, maxLatenessMillis,
        connectTimeoutSeconds, routableTimeoutSeconds, probeIntervalMillis, drainSeconds, clientCores, reconnect,
        reconnectDelayMillis, progress, batchWindowMillis, maxBatch, lastEventId);
  }

  /** The same options, reconnecting streams the server closes (rolling-restart: clients move to other frontends). */
  public RunOptions withReconnect() {
    return new RunOptions(connectsPerSecond, sourceAddresses, ioThreads, workers, maxConnectionsPerProcess,
        workerHeap, concurrency, batchSize, paddingBytes, lateThresholdMillis, maxLatenessMillis,
        connectTimeoutSeconds, routableTimeoutSeconds, probeIntervalMillis, drainSeconds, clientCores, true,
        reconnectDelayMillis, progress, batchWindowMillis, maxBatch, lastEventId);
  }
}
