package io.rtdispatch.loadtest.run;

import io.rtdispatch.loadtest.pub.OpenLoopPublisher;
import io.rtdispatch.loadtest.pub.Prober;
import io.rtdispatch.loadtest.pub.PublishSettings;
import io.rtdispatch.loadtest.stats.CoreUsage;
import io.rtdispatch.loadtest.stats.DeliveryAccounting;
import io.rtdispatch.loadtest.stats.ServerDrops;
import io.rtdispatch.loadtest.stats.ServerProcess;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one scenario against one target, in phases: connect (paced ramp), routable (probe until every open stream
 * has received something), measure (open-loop publishing, storms for churn, memory for capacity), drain (wait for
 * in-flight deliveries), then collect. Every phase is bounded in time, so a run always ends by itself.
 */
public final class ScenarioRunner {
  private final RunOptions options;
  private final PrintStream progressOut;

  public ScenarioRunner(RunOptions options, PrintStream progressOut) {
    this.options = options;
    this.progressOut = options.progress() ? progressOut : null;
  }

  public RunResult run(Target target, ScenarioPlan plan, int runNumber) throws InterruptedException {
    String startedAt = Instant.now().toString();
    String prefix = "lt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)) + "-";
    ServerProcess server = serverOf(target);
    List<String> notes = new ArrayList<>();
    if (server.pids().isEmpty()) {
      notes.add("server process not found: server CPU and memory not measured (give pid= in --target)");
    }
    int batch = PublishSettings.batchFor(plan.eventsPerSecond(), options.batchSize(), options.batchWindowMillis(),
        options.maxBatch());
    if (!target.kind().supportsBatch() && batch > 1 && plan.eventsPerSecond() > 0) {
      notes.add("target takes one event per publish request: each batch of " + batch + " went out as pipelined"
          + " requests");
    }
    PublishSettings publishSettings = new PublishSettings(target.kind(), target.publishUrls(), prefix,
        plan.topicCount(), plan.eventsPerSecond(), options.concurrency(), batch, options.paddingBytes(),
        (long) (options.lateThresholdMillis() * 1000), (long) (options.maxLatenessMillis() * 1000));
    long rssBefore = server.rssBytes();
    long heapBefore = plan.measureMemory() ? server.javaHeapLiveBytes() : -1;
    rssBefore = plan.measureMemory() ? server.rssBytes() : rssBefore;
    List<io.rtdispatch.loadtest.sub.Fleet> created = FleetFactory.create(target, plan, options, prefix);
    boolean remote = FleetFactory.workerCount(plan.connections(), options) > 0;
    try (FleetGroup fleets = new FleetGroup(created, remote); Prober prober = new Prober(publishSettings)) {
      Progress progress = new Progress(plan.name() + " " + target.name() + " #" + runNumber, fleets, server,
          progressOut);
      fleets.awaitReady();
      double connectCpuBefore = server.cpuSeconds();
      long connectStart = System.nanoTime();
      fleets.start();
      double rampSeconds = options.connectsPerSecond() > 0 ? plan.connections() / options.connectsPerSecond() : 0;
      long deadline = deadline(options.connectTimeoutSeconds() + rampSeconds);
      while (!fleets.connectPhaseDone() && System.nanoTime() < deadline) {
        probePending(fleets, prober);
        Thread.sleep(options.probeIntervalMillis());
        progress.tick("connect");
      }
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      double connectCpu = server.cpuSeconds() - connectCpuBefore;
      deadline = deadline(options.routableTimeoutSeconds());
      int pending;
      while ((pending = probePending(fleets, prober)) > 0 && System.nanoTime() < deadline) {
        Thread.sleep(options.probeIntervalMillis());
        progress.tick("routable");
      }
      if (pending > 0) {
        notes.add(pending + " open streams never received a probe within " + options.routableTimeoutSeconds()
            + " s");
      }
      long rssAfter = server.rssBytes();
      long heapAfter = plan.measureMemory() ? server.javaHeapLiveBytes() : -1;
      rssAfter = plan.measureMemory() ? server.rssBytes() : rssAfter;

      int[] openPerTopic = plan.subscribersPerTopic();
      for (int topic : fleets.markMeasureStart()) {
        openPerTopic[topic]--;
      }
      long openAtStart = java.util.Arrays.stream(openPerTopic).asLongStream().sum();
      OpenLoopPublisher publisher = new OpenLoopPublisher(publishSettings, plan.picker());
      progress.publisher(publisher);
      FleetGroup.Snapshot before = progress.sampleNow();
      long dropsBefore = ServerDrops.read(target.subscribeUrls(), target.kind().dropsMetric());
      Set<Integer> serverCpus = server.allowedCpus();
      Set<Integer> clientCpus = CoreUsage.ownCpus();
      double serverCoresBefore = CoreUsage.busySeconds(serverCpus);
      double clientCoresBefore = CoreUsage.busySeconds(clientCpus);
      double serverCpuBefore = server.cpuSeconds();
      long measureStart = System.nanoTime();
      if (plan.eventsPerSecond() > 0) {
        publisher.start(plan.durationSeconds());
      }
      DisruptionThread disruption = DisruptionThread.start(plan.disruption(), plan.durationSeconds());
      int storms = measure(plan, fleets, prober, progress, measureStart, disruption);
      long stormReconnects = storms == 0 ? 0 : progress.sampleNow().counters().reconnects();
      publisher.awaitEnd();
      if (disruption != null) {
        awaitDisruption(disruption, fleets, prober, progress, notes);
        notes.add("server CPU and memory cover only the processes found at the start: restarted ones are not"
            + " followed, so those figures do not apply to this run");
      }
      double measureSeconds = (System.nanoTime() - measureStart) / 1e9;
      drain(publisher, openPerTopic, progress);
      FleetGroup.Snapshot after = progress.sampleNow();
      double serverCpu = server.cpuSeconds() - serverCpuBefore;
      double serverCoresBusy = serverCoresBefore < 0 ? -1 : CoreUsage.busySeconds(serverCpus) - serverCoresBefore;
      double clientCoresBusy = clientCoresBefore < 0 ? -1 : CoreUsage.busySeconds(clientCpus) - clientCoresBefore;
      double clientCpu = (after.clientCpuNanos() - before.clientCpuNanos()) / 1e9;
      double wallSeconds = (System.nanoTime() - measureStart) / 1e9;
      long dropsAfter = ServerDrops.read(target.subscribeUrls(), target.kind().dropsMetric());
      long rssEnd = server.rssBytes();
      FleetGroup.Final fin = fleets.finish();

      return ResultAssembler.assemble(new ResultAssembler.Inputs(plan, target, runNumber, startedAt, options,
          fin, publisher.stats(), publisher.requestTimeTotal(),
          DeliveryAccounting.expected(publisher.acceptedPerTopic(), openPerTopic), openAtStart, storms,
          stormReconnects, measureSeconds, wallSeconds, server, serverCpu, rssBefore, rssAfter, heapBefore,
          heapAfter, clientCpu, fleets.processes(), progress.timeline(), notes,
          after.counters().deliveries() - before.counters().deliveries(), batch, connectSeconds, connectCpu, rssEnd,
          dropsBefore < 0 || dropsAfter < 0 ? -1 : dropsAfter - dropsBefore, serverCpus.size(), serverCoresBusy,
          clientCoresBusy, !java.util.Collections.disjoint(serverCpus, clientCpus)));
    }
  }

  /**
   * Holds the measurement window: storms at their times, probing reconnected streams after the first storm or while
   * a disruption runs.
   */
  private int measure(ScenarioPlan plan, FleetGroup fleets, Prober prober, Progress progress, long start,
      DisruptionThread disruption) throws InterruptedException {
    int storms = 0;
    long end = start + (long) (plan.durationSeconds() * 1e9);
    while (System.nanoTime() < end) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (storms < plan.stormAtSeconds().size() && elapsed >= plan.stormAtSeconds().get(storms)) {
        fleets.storm(plan.stormFraction());
        storms++;
      }
      boolean reconnecting = storms > 0 || disruption != null;
      if (reconnecting) {
        probePending(fleets, prober);
      }
      Thread.sleep(reconnecting ? options.probeIntervalMillis() : 100);
      progress.tick("measure");
    }
    return storms;
  }

  /** Publishing ended: keeps probing reconnected streams until the disruption is over (or its grace time is up). */
  private void awaitDisruption(DisruptionThread disruption, FleetGroup fleets, Prober prober, Progress progress,
      List<String> notes) throws InterruptedException {
    while (disruption.running()) {
      probePending(fleets, prober);
      Thread.sleep(options.probeIntervalMillis());
      progress.tick("disruption");
    }
    disruption.awaitEnd(notes);
  }

  /**
   * Sends one probe to every topic that has an open stream still waiting for its first event; returns how many
   * streams wait. Probing repeatedly at a short interval is what makes the routable time measurable: the first probe
   * a stream receives is a publish that reached it, so its arrival bounds the subscribe-to-routable time.
   */
  private static int probePending(FleetGroup fleets, Prober prober) {
    List<Integer> pending = fleets.pendingTopics();
    if (!pending.isEmpty()) {
      prober.probe(new LinkedHashSet<>(pending));
    }
    return pending.size();
  }

  /** Waits until every expected delivery arrived, or nothing arrived for a second, or the drain time is up. */
  private void drain(OpenLoopPublisher publisher, int[] openPerTopic, Progress progress)
      throws InterruptedException {
    long deadline = deadline(options.drainSeconds());
    long expected = DeliveryAccounting.expected(publisher.acceptedPerTopic(), openPerTopic);
    long lastUnique = -1;
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long unique = progress.sampleNow().counters().unique();
      if (unique >= expected) {
        return;
      }
      if (unique != lastUnique) {
        lastUnique = unique;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 1_000_000_000L) {
        return;
      }
      Thread.sleep(50);
      progress.tick("drain");
    }
  }

  private static ServerProcess serverOf(Target target) {
    if (target.pid() != null) {
      return new ServerProcess(List.of(target.pid().longValue()));
    }
    LinkedHashSet<Long> pids = new LinkedHashSet<>();
    target.subscribeUrls().forEach(u -> pids.addAll(ServerProcess.listeningOn(Target.port(u)).pids()));
    target.publishUrls().forEach(u -> pids.addAll(ServerProcess.listeningOn(Target.port(u)).pids()));
    return new ServerProcess(new ArrayList<>(pids));
  }

  private static long deadline(double seconds) {
    return System.nanoTime() + (long) (seconds * 1e9);
  }
}
