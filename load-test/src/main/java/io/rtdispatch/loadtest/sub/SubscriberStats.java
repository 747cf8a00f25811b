package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.stats.Histograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Statistics of one I/O thread. Written only by that thread (plain increments of volatile fields, no atomics) and
 * read by the progress reporter; histograms go through HdrHistogram's single-writer recorders so the reader can take
 * interval snapshots without locking the hot path.
 */
final class SubscriberStats {
  volatile long connectAttempts;
  volatile long streamsOpened;
  volatile long openNow;
  volatile long connectFailures;
  volatile long serverCloses;
  volatile long reconnects;
  volatile long deliveries;
  volatile long unique;
  volatile long duplicates;
  volatile long probes;
  volatile long heartbeats;
  volatile long otherEvents;
  volatile long bytes;
  volatile long protocolErrors;
  volatile long routable;
  volatile long stalled;
  volatile long recovered;
  volatile long resumeRequests;
  volatile long recoveredTrue;
  volatile long recoveredFalse;
  volatile long longestGapMicros;

  final SingleWriterRecorder latency = recorder();
  final SingleWriterRecorder connect = recorder();
  final SingleWriterRecorder routableTime = recorder();
  final SingleWriterRecorder stormConnect = recorder();
  final SingleWriterRecorder stormRoutable = recorder();

  Counters counters() {
    return new Counters(connectAttempts, streamsOpened, openNow, connectFailures, serverCloses, reconnects,
        deliveries, unique, duplicates, probes, heartbeats, otherEvents, bytes, protocolErrors, routable, stalled, recovered, resumeRequests, recoveredTrue,
        recoveredFalse, longestGapMicros);
  }

  static void record(SingleWriterRecorder recorder, long micros) {
    recorder.recordValue(Math.max(1, Math.min(micros, Histograms.HIGHEST_MICROS)));
  }

  /** Moves what was recorded since the last call into {@code into}. */
  static void drain(SingleWriterRecorder recorder, Histogram into) {
    into.add(recorder.getIntervalHistogram());
  }

  private static SingleWriterRecorder recorder() {
    return new SingleWriterRecorder(1, Histograms.HIGHEST_MICROS, 3);
  }
}
