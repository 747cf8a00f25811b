package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.run.TargetKind;
import java.util.List;

/**
 * What one fleet (one process's share of the subscribers) must do; serialisable so a worker process can receive it.
 *
 * @param topicOf topic index of each of this fleet's connections
 * @param firstConnection global index of this fleet's first connection: spreads source addresses and frontend URLs
 *     the same way whatever the number of processes
 * @param connectsPerSecond this fleet's connect ramp (0 = all at once)
 * @param stalledFrom global index from which connections stop reading once set up (slow readers)
 * @param stalledReceiveBuffer SO_RCVBUF of those connections, 0 = the system's
 * @param lastEventId how reconnects send the last event id received
 */
public record FleetConfig(TargetKind kind, List<String> subscribeUrls, String topicPrefix, int[] topicOf,
    int firstConnection, int sourceAddresses, int ioThreads, double connectsPerSecond, boolean reconnect,
    long reconnectDelayMillis, long connectTimeoutMillis, int stalledFrom, int stalledReceiveBuffer, LastEventIdMode lastEventId) {

  /** Loopback source address for a global connection index: 127.0.0.1, 127.0.0.2, ... (at most 127.0.0.254). */
  public static String sourceAddress(int globalIndex, int sourceAddresses) {
    int n = Math.max(1, Math.min(254, sourceAddresses));
    return "127.0.0." + (1 + globalIndex % n);
  }

  public int size() {
    return topicOf.length;
  }
}
