package io.rtdispatch.loadtest.sub;

import io.rtdispatch.loadtest.stats.Histograms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** Subscribers in this process: connections dealt round-robin to a few selector threads. */
public final class LocalFleet implements Fleet {
  private final List<SubscriberEngine> engines = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Histogram latency = Histograms.newMicros();
  private final Histogram connect = Histograms.newMicros();
  private final Histogram routable = Histograms.newMicros();
  private final Histogram stormConnect = Histograms.newMicros();
  private final Histogram stormRoutable = Histograms.newMicros();
  private final boolean reportCpu;
  private final List<Integer> missing = new ArrayList<>();

  /**
   * @param reportCpu whether snapshots carry this process's CPU time (true in worker processes)
   */
  public LocalFleet(FleetConfig config, boolean reportCpu) {
    this.reportCpu = reportCpu;
    int threadCount = Math.max(1, Math.min(config.ioThreads(), Math.max(1, config.size())));
    List<List<SubscriberConnection>> shares = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      shares.add(new ArrayList<>());
    }
    List<SubscriberStats> statsOf = new ArrayList<>();
    try {
      for (int t = 0; t < threadCount; t++) {
        SubscriberEngine engine = new SubscriberEngine(shares.get(t), config.connectsPerSecond() / threadCount,
            config.reconnect(), config.reconnectDelayMillis(), config.connectTimeoutMillis());
        engines.add(engine);
        statsOf.add(engine.stats);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open selector", e);
    }
    List<Endpoint> endpoints = config.subscribeUrls().stream().map(Endpoint::of).toList();
    for (int i = 0; i < config.size(); i++) {
      int global = config.firstConnection() + i;
      int topic = config.topicOf()[i];
      InetSocketAddress local = new InetSocketAddress(FleetConfig.sourceAddress(global, config.sourceAddresses()), 0);
      boolean stalls = global >= config.stalledFrom();
      shares.get(i % threadCount).add(new SubscriberConnection(topic, config.topicPrefix() + topic, config.kind(),
          endpoints, global, local, statsOf.get(i % threadCount), stalls, stalls ? config.stalledReceiveBuffer() : 0,
          config.lastEventId()));
    }
  }

  @Override
  public void start() {
    for (int t = 0; t < engines.size(); t++) {
      Thread thread = new Thread(engines.get(t), "subscriber-io-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  @Override
  public boolean connectPhaseDone() {
    return callAll(SubscriberEngine::connectPhaseDone).stream().allMatch(Boolean::booleanValue);
  }

  @Override
  public synchronized FleetSnapshot snapshot() {
    Histogram interval = Histograms.newMicros();
    Counters counters = Counters.ZERO;
    for (SubscriberEngine e : engines) {
      SubscriberStats.drain(e.stats.latency, interval);
      counters = counters.plus(e.stats.counters());
    }
    latency.add(interval);
    return new FleetSnapshot(counters, Histograms.encode(interval), reportCpu ? ProcessCpu.nanos() : 0);
  }

  @Override
  public List<Integer> pendingTopics() {
    List<Integer> all = new ArrayList<>();
    callAll(SubscriberEngine::pendingTopics).forEach(all::addAll);
    return all;
  }

  @Override
  public List<Integer> markMeasureStart() {
    missing.clear();
    callAll(SubscriberEngine::markMeasureStart).forEach(missing::addAll);
    return List.copyOf(missing);
  }

  @Override
  public int storm(double fraction) {
    return callAll(e -> e.storm(fraction)).stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public synchronized FleetResult finish() {
    snapshot();
    close();
    Counters counters = Counters.ZERO;
    for (SubscriberEngine e : engines) {
      SubscriberStats.drain(e.stats.latency, latency);
      SubscriberStats.drain(e.stats.connect, connect);
      SubscriberStats.drain(e.stats.routableTime, routable);
      SubscriberStats.drain(e.stats.stormConnect, stormConnect);
      SubscriberStats.drain(e.stats.stormRoutable, stormRoutable);
      counters = counters.plus(e.stats.counters());
    }
    return new FleetResult(counters, Histograms.encode(latency), Histograms.encode(connect),
        Histograms.encode(routable), Histograms.encode(stormConnect), Histograms.encode(stormRoutable),
        List.copyOf(missing), reportCpu ? ProcessCpu.nanos() : 0);
  }

  @Override
  public void close() {
    engines.forEach(SubscriberEngine::stop);
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private <T> List<T> callAll(Function<SubscriberEngine, T> fn) {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (SubscriberEngine e : engines) {
      futures.add(e.call(fn));
    }
    List<T> results = new ArrayList<>();
    try {
      for (CompletableFuture<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("subscriber I/O thread did not answer", e);
    }
    return results;
  }
}
