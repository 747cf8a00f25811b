package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.pub.PublisherStats;
import io.rtdispatch.loadtest.stats.DeliveryAccounting;
import io.rtdispatch.loadtest.stats.LatencySummary;
import io.rtdispatch.loadtest.stats.ServerProcess;
import io.rtdispatch.loadtest.sub.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Turns the raw totals of a run into a {@link RunResult}, including the derived ratios and verdicts. */
final class ResultAssembler {
  /** Share of the generator's CPU budget above which a run is flagged as client-bound. */
  static final double CLIENT_BOUND_SHARE = Bottleneck.SATURATED_SHARE;
  /** Loss up to which a fixed-rate run counts as having kept up, for its bottleneck verdict. */
  static final double KEPT_UP_LOSS = 0.01;

  private ResultAssembler() {
  }

  record Inputs(ScenarioPlan plan, Target target, int run, String startedAt, RunOptions options,
      FleetGroup.Final subscribers, PublisherStats published, Histogram requestTime, long expected,
      long openAtStart, int storms, long stormReconnects, double measureSeconds, double wallSeconds,
      ServerProcess server, double serverCpuSeconds, long rssBefore, long rssAfter, long heapBefore, long heapAfter,
      double clientCpuSeconds, int processes, List<TimelinePoint> timeline, List<String> notes,
      long deliveriesInWindow, int batchSize, double connectPhaseSeconds, double connectCpuSeconds, long rssEnd,
      long drops, int serverCores, double serverCoresBusySeconds, double clientCoresBusySeconds,
      boolean sharedCores) {
  }

  static RunResult assemble(Inputs in) {
    Counters c = in.subscribers().counters();
    List<String> notes = new ArrayList<>(in.notes());
    long open = in.openAtStart();
    var connections = new RunResult.Connections(in.plan().connections(), open, c.connectFailures(),
        c.serverCloses(), c.reconnects(), LatencySummary.of(in.subscribers().connect()),
        LatencySummary.of(in.subscribers().routable()), c.routable(), in.storms(), in.stormReconnects(),
        LatencySummary.of(in.subscribers().stormConnect()), LatencySummary.of(in.subscribers().stormRoutable()),
        c.streamsOpened(), round(in.connectPhaseSeconds()), c.stalled());
    PublisherStats p = in.published();
    var publishing = new RunResult.Publishing(p.scheduled(), p.accepted(), p.failed(), p.late(), p.dropped(),
        p.requests(), round(p.accepted() / Math.max(1e-9, in.measureSeconds())), LatencySummary.of(in.requestTime()),
        in.batchSize(), in.options().concurrency());
    DeliveryAccounting accounting = new DeliveryAccounting(in.expected(), c.unique(), c.duplicates());
    var delivery = new RunResult.Delivery(in.expected(), c.unique(), c.duplicates(),
        accounting.lossRatio(), round(in.deliveriesInWindow() / Math.max(1e-9, in.measureSeconds())),
        LatencySummary.of(in.subscribers().latency()), c.heartbeats(), c.otherEvents(), c.probes(), c.bytes(),
        c.protocolErrors());
    double perConnRss = open > 0 && in.plan().measureMemory() ? (in.rssAfter() - in.rssBefore()) / (double) open : 0;
    double perConnHeap = open > 0 && in.heapAfter() >= 0 && in.heapBefore() >= 0
        ? (in.heapAfter() - in.heapBefore()) / (double) open : 0;
    var server = new RunResult.ServerUsage(in.server().pids(), round(in.serverCpuSeconds()),
        round(in.serverCpuSeconds() / in.wallSeconds() * 100), in.rssBefore(), in.rssAfter(), in.heapBefore(),
        in.heapAfter(), round(perConnRss), round(perConnHeap), in.serverCores(), round(in.connectCpuSeconds()),
        in.rssEnd(), in.drops(), others(in.serverCoresBusySeconds(), in.serverCpuSeconds(),
            in.sharedCores() ? in.clientCpuSeconds() : 0, in.wallSeconds()));
    double budget = in.options().clientCores();
    double clientPercent = in.clientCpuSeconds() / in.wallSeconds() * 100;
    boolean clientBound = clientPercent >= CLIENT_BOUND_SHARE * budget * 100;
    if (clientBound) {
      notes.add(String.format(Locale.ROOT, "CLIENT-BOUND: the load generator used %.0f%% CPU of a %.1f-core budget;"
          + " server numbers may be limited by the client", clientPercent, budget));
    }
    if (p.dropped() > 0 || p.late() > p.scheduled() / 10) {
      notes.add("publisher could not keep the schedule (" + p.late() + " late, " + p.dropped() + " dropped)");
    }
    var client = new RunResult.ClientUsage(round(in.clientCpuSeconds()), round(clientPercent), budget, clientBound,
        in.processes(), others(in.clientCoresBusySeconds(), in.clientCpuSeconds(),
            in.sharedCores() ? in.serverCpuSeconds() : 0, in.wallSeconds()));
    var partial = new RunResult(null, null, null, 0, null, null, connections, publishing, delivery, server, client,
        null, null, null, null);
    Bottleneck bottleneck = Bottleneck.of(partial, accounting.lossRatio() <= KEPT_UP_LOSS);
    return new RunResult(in.plan().name(), in.target().name(), in.target().kind().name().toLowerCase(Locale.ROOT),
        in.run(), in.startedAt(), in.plan().parameters(), connections, publishing, delivery, server, client,
        in.timeline(), notes, bottleneck.describe(), recovery(in, c));
  }

  private static RunResult.Recovery recovery(Inputs in, Counters c) {
    return new RunResult.Recovery(in.options().lastEventId().name().toLowerCase(Locale.ROOT), c.resumeRequests(),
        c.recoveredTrue(), c.recoveredFalse(), c.unique() - c.recovered(), c.recovered(),
        Math.max(0, in.expected() - c.unique()), round(c.longestGapMicros() / 1000.0));
  }

  /** CPU % other processes used on cores that were busy {@code busySeconds}; -1 when unknown. */
  static double others(double busySeconds, double ownSeconds, double alsoOursSeconds, double wallSeconds) {
    if (busySeconds < 0) {
      return -1;
    }
    return round(Math.max(0, busySeconds - ownSeconds - alsoOursSeconds) / wallSeconds * 100);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
