package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.stats.Histograms;
import io.rtdispatch.loadtest.sub.Counters;
import io.rtdispatch.loadtest.sub.Fleet;
import io.rtdispatch.loadtest.sub.FleetResult;
import io.rtdispatch.loadtest.sub.FleetSnapshot;
import io.rtdispatch.loadtest.sub.ProcessCpu;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** All fleets of a run seen as one: sums, unions and merged histograms, plus the generator's total CPU time. */
final class FleetGroup implements AutoCloseable {
  private final List<Fleet> fleets;
  private final boolean remote;
  private long remoteCpuNanos;

  FleetGroup(List<Fleet> fleets, boolean remote) {
    this.fleets = fleets;
    this.remote = remote;
  }

  int processes() {
    return 1 + (remote ? fleets.size() : 0);
  }

  /** Waits until every fleet can start at once (worker JVMs up), so the connect phase does not time JVM start-up. */
  void awaitReady() {
    fleets.forEach(Fleet::awaitReady);
  }

  void start() {
    fleets.forEach(Fleet::start);
  }

  boolean connectPhaseDone() {
    return fleets.stream().allMatch(Fleet::connectPhaseDone);
  }

  List<Integer> pendingTopics() {
    return union(Fleet::pendingTopics);
  }

  List<Integer> markMeasureStart() {
    return union(Fleet::markMeasureStart);
  }

  int storm(double fraction) {
    return fleets.stream().mapToInt(f -> f.storm(fraction)).sum();
  }

  /** Totals now and the latency recorded since the previous call. */
  Snapshot snapshot() {
    Counters counters = Counters.ZERO;
    Histogram interval = Histograms.newMicros();
    long cpu = 0;
    for (Fleet f : fleets) {
      FleetSnapshot s = f.snapshot();
      counters = counters.plus(s.counters());
      interval.add(Histograms.decode(s.latencyInterval()));
      cpu += s.processCpuNanos();
    }
    remoteCpuNanos = cpu;
    return new Snapshot(counters, interval, clientCpuNanos());
  }

  /** CPU time of this process plus the workers' as of their last snapshot. */
  long clientCpuNanos() {
    return ProcessCpu.nanos() + remoteCpuNanos;
  }

  Final finish() {
    Counters counters = Counters.ZERO;
    Histogram latency = Histograms.newMicros();
    Histogram connect = Histograms.newMicros();
    Histogram routable = Histograms.newMicros();
    Histogram stormConnect = Histograms.newMicros();
    Histogram stormRoutable = Histograms.newMicros();
    for (Fleet f : fleets) {
      FleetResult r = f.finish();
      counters = counters.plus(r.counters());
      latency.add(Histograms.decode(r.latency()));
      connect.add(Histograms.decode(r.connect()));
      routable.add(Histograms.decode(r.routable()));
      stormConnect.add(Histograms.decode(r.stormConnect()));
      stormRoutable.add(Histograms.decode(r.stormRoutable()));
    }
    return new Final(counters, latency, connect, routable, stormConnect, stormRoutable);
  }

  @Override
  public void close() {
    fleets.forEach(Fleet::close);
  }

  private List<Integer> union(Function<Fleet, List<Integer>> fn) {
    List<Integer> all = new ArrayList<>();
    for (Fleet f : fleets) {
      all.addAll(fn.apply(f));
    }
    return all;
  }

  record Snapshot(Counters counters, Histogram latencyInterval, long clientCpuNanos) {
  }

  record Final(Counters counters, Histogram latency, Histogram connect, Histogram routable, Histogram stormConnect,
      Histogram stormRoutable) {
  }
}
