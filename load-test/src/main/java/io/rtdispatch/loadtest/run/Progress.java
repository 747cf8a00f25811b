package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.pub.OpenLoopPublisher;
import io.rtdispatch.loadtest.pub.PublisherStats;
import io.rtdispatch.loadtest.stats.ServerProcess;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Samples the run once a second: appends a timeline point and prints the live progress line to stderr.
 * Call {@link #tick} often; it does work only when a second has passed.
 */
final class Progress {
  private final String label;
  private final FleetGroup fleets;
  private final ServerProcess server;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final List<TimelinePoint> timeline = new ArrayList<>();
  private OpenLoopPublisher publisher;
  private long lastNanos = startNanos;
  private long lastDeliveries;
  private long lastAccepted;
  private double lastServerCpu;
  private long lastClientCpu = -1;
  private FleetGroup.Snapshot last;

  Progress(String label, FleetGroup fleets, ServerProcess server, PrintStream out) {
    this.label = label;
    this.fleets = fleets;
    this.server = server;
    this.out = out;
    this.lastServerCpu = server.cpuSeconds();
  }

  void publisher(OpenLoopPublisher publisher) {
    this.publisher = publisher;
  }

  List<TimelinePoint> timeline() {
    return timeline;
  }

  /** The latest snapshot taken (by a tick or {@link #sampleNow}). */
  FleetGroup.Snapshot last() {
    return last;
  }

  FleetGroup.Snapshot sampleNow() {
    last = fleets.snapshot();
    return last;
  }

  void tick(String phase) {
    long now = System.nanoTime();
    if (now - lastNanos < 1_000_000_000L) {
      return;
    }
    double seconds = (now - lastNanos) / 1e9;
    FleetGroup.Snapshot s = sampleNow();
    PublisherStats p = publisher == null ? null : publisher.stats();
    long accepted = p == null ? 0 : p.accepted();
    double serverCpu = server.cpuSeconds();
    double deliveriesPerSecond = (s.counters().deliveries() - lastDeliveries) / seconds;
    double p99 = s.latencyInterval().getTotalCount() == 0 ? 0
        : s.latencyInterval().getValueAtPercentile(99) / 1000.0;
    // Worker processes report their CPU only from their first snapshot on: the first tick has no client baseline.
    long clientCpuNanos = lastClientCpu < 0 ? 0 : s.clientCpuNanos() - lastClientCpu;
    TimelinePoint point = new TimelinePoint(round((now - startNanos) / 1e9), phase, s.counters().openNow(),
        round(deliveriesPerSecond), p99, round((accepted - lastAccepted) / seconds),
        round((serverCpu - lastServerCpu) / seconds * 100), round(clientCpuNanos / 1e9 / seconds * 100));
    timeline.add(point);
    lastNanos = now;
    lastDeliveries = s.counters().deliveries();
    lastAccepted = accepted;
    lastServerCpu = serverCpu;
    lastClientCpu = s.clientCpuNanos();
    if (out != null) {
      out.println(String.format(Locale.ROOT,
          "[%s] %4.0fs %-8s open %d/%d fail %d | deliv/s %.0f p99 %.1fms | pub/s %.0f late %d fail %d drop %d"
              + " | server CPU %.0f%% client CPU %.0f%%",
          label, point.t(), phase, s.counters().openNow(), s.counters().connectAttempts(),
          s.counters().connectFailures(), deliveriesPerSecond, p99, point.publishedPerSecond(),
          p == null ? 0 : p.late(), p == null ? 0 : p.failed(), p == null ? 0 : p.dropped(),
          point.serverCpuPercent(), point.clientCpuPercent()));
    }
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
