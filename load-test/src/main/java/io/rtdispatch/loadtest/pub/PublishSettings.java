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
}
