package io.rtdispatch.loadtest.pub;

import io.rtdispatch.loadtest.run.TargetKind;
import java.net.URI;
import java.util.List;

/**
 * How to publish: where, how fast (events per second, open loop), how many requests in flight, how many events per
 * request, how big each payload is, and when a send counts as late or is given up.
 */
public record PublishSettings(TargetKind kind, List<URI> publishUrls, String topicPrefix, int topicCount,
    double eventsPerSecond, int concurrency, int batchSize, int paddingBytes, long lateThresholdMicros,
    long maxLatenessMicros) {

  /**
   * Events per publish batch at a rate: {@code fixedBatch}, or with a batching window what the publisher collects in
   * that window (as a backend that flushes every few milliseconds would), at most {@code maxBatch} and at least
   * {@code fixedBatch}. So the publisher's request rate stays bounded however high the saturation search goes, and the
   * server, not the number of publish requests, is what the rate measures.
   */
  public static int batchFor(double eventsPerSecond, int fixedBatch, double windowMillis, int maxBatch) {
    if (windowMillis <= 0) {
      return fixedBatch;
    }
    return Math.max(fixedBatch, Math.min(maxBatch, (int) Math.floor(eventsPerSecond * windowMillis / 1000)));
  }
}
