package io.rtdispatch.loadtest.registry;

import io.rtdispatch.loadtest.dc.LaunchedDataCenter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The registry-scale run against a launched data center: bursts of streams with many new topics each, spread
 * round-robin over the frontends; per stream the time from request to {@code connected} frame (subscribe →
 * routable), then one probe event per stream published through the dispatchers (is "routable" true?), the registry
 * entries each dispatcher holds, heap per entry after a full GC, the time a restarted dispatcher takes to hold the
 * whole registry and route, and the trouble counters (ERROR lines, write timeouts, refused streams).
 */
public final class RegistryScale {
  private static final Duration POLL = Duration.ofMillis(20);

  private final LaunchedDataCenter dc;
  private final RegistryScaleSettings s;
  private final PrintStream out;
  /** Most events one POST /publish takes (rtd.dispatcher.publish: 1,000 per request). */
  private static final int MAX_BATCH = 1000;
  private final LongAdder refusedProbes = new LongAdder();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final NodeScrape scrape = new NodeScrape(client);
  private final List<ProbeStream> streams = new ArrayList<>();
  private int probesPublished;

  public RegistryScale(LaunchedDataCenter dc, RegistryScaleSettings settings, PrintStream out) {
    this.dc = dc;
    this.s = settings;
    this.out = out;
  }

  /** Runs every phase and prints one line per figure ({@code key: value}), then the summary table. */
  public RegistryScaleResult run() throws InterruptedException, IOException {
    RegistryScaleResult r = new RegistryScaleResult();
    List<LaunchedDataCenter.Node> nodes = Stream.concat(dc.frontends().stream(), dc.dispatchers().stream()).toList();
    double[] heapBefore = heaps(nodes);
    for (int b = 0; b < s.warmupBursts(); b++) {
      burst(b);
      Thread.sleep(s.pause().toMillis());
    }
    awaitConnectedAndProbe(s.settleTimeout());
    NavigableMap<Double, Double> warm = new TreeMap<>();
    dc.frontends().forEach(f -> scrape.addBuckets(f.url(), "rtd_frontend_routable_wait_seconds", warm));
    int warmStreams = streams.size();
    long firstSend = System.nanoTime();
    for (int b = s.warmupBursts(); b < s.warmupBursts() + s.bursts(); b++) {
      burst(b);
      Thread.sleep(s.pause().toMillis());
    }
    long lastSend = System.nanoTime();
    awaitConnectedAndProbe(s.settleTimeout());
    r.topics = (long) streams.size() * s.topicsPerConnection();
    r.warmupTopics = (long) warmStreams * s.topicsPerConnection();
    r.offeredTopicsPerSecond = (r.topics - r.warmupTopics) / ((lastSend - firstSend) / 1e9 - s.pause().toMillis() / 1e3);
    List<ProbeStream> measured = streams.subList(warmStreams, streams.size());
    r.latency = LatencyStats.of(measured.stream().filter(p -> p.connectedAt != 0)
        .mapToDouble(p -> (p.connectedAt - p.sentAt) / 1e6).toArray());
    dc.frontends().forEach(f -> scrape.addBuckets(f.url(), "rtd_frontend_routable_wait_seconds", r.routableWait));
    warm.forEach((bound, count) -> r.routableWait.merge(bound, -count, Double::sum));
    r.routable = streams.stream().filter(p -> p.routable).count();
    r.streams = streams.size();
    r.refused = streams.stream().filter(p -> p.connectedAt == 0).count();
    r.probesPublished = probesPublished;
    r.probesDelivered = streams.stream().filter(p -> p.events > 0).count();
    r.probeLatency = LatencyStats.of(measured.stream().filter(p -> p.probeArrivedAt != 0)
        .mapToDouble(p -> (p.probeArrivedAt - p.probePublishedAt) / 1e6).toArray());
    r.convergedMs = awaitEntries(dc.dispatchers().stream().map(LaunchedDataCenter.Node::url).toList(), r.topics,
        lastSend);
    for (LaunchedDataCenter.Node d : dc.dispatchers()) {
      r.entriesPerDispatcher.add((long) scrape.sum(d.url(), "rtd_registry_entries", ""));
    }
    double[] heapAfter = heaps(nodes);
    for (int i = 0; i < nodes.size(); i++) {
      r.heapPerEntry.put(nodes.get(i).name(), (heapAfter[i] - heapBefore[i]) / Math.max(1, r.topics));
    }
    if (s.restartDispatcher() && !dc.dispatchers().isEmpty()) {
      restart(r, dc.dispatchers().get(dc.dispatchers().size() - 1));
    }
    r.eventsReceivedByFrontends = (long) dc.frontends().stream()
        .mapToDouble(f -> scrape.sum(f.url(), "rtd_frontend_events_received_total", "")).sum();
    r.eventsWithoutSubscribers = (long) dc.frontends().stream()
        .mapToDouble(f -> scrape.sum(f.url(), "rtd_frontend_events_without_subscribers_total", "")).sum();
    r.writeTimeouts = (long) dc.frontends().stream()
        .mapToDouble(f -> scrape.sum(f.url(), "rtd_frontend_registry_write_timeouts_total", "")).sum();
    r.errorLines = errorLines(s.logs());
    r.refusedProbes = refusedProbes.sum();
    streams.forEach(ProbeStream::cancel);
    r.print(out);
    return r;
  }

  /** Opens {@code burstTopics / topicsPerConnection} streams spread evenly over {@code burstLength}. */
  private void burst(int b) throws InterruptedException {
    int connections = Math.max(1, s.burstTopics() / s.topicsPerConnection());
    long start = System.nanoTime();
    List<LaunchedDataCenter.Node> frontends = dc.frontends();
    for (int c = 0; c < connections; c++) {
      long due = start + s.burstLength().toNanos() * c / connections;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      List<String> topics = new ArrayList<>(s.topicsPerConnection());
      for (int t = 0; t < s.topicsPerConnection(); t++) {
        topics.add("reg:" + s.runId() + ":" + b + ":" + c + ":" + t);
      }
      ProbeStream stream = new ProbeStream(frontends.get((b * connections + c) % frontends.size()).url(), topics);
      streams.add(stream);
      stream.open(client);
      publishProbes();
    }
  }

  /** Waits until every stream has its connected frame (or the timeout), publishing probes as they come in. */
  private void awaitConnectedAndProbe(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && streams.stream().anyMatch(p -> p.connectedAt == 0)) {
      publishProbes();
      Thread.sleep(POLL.toMillis());
    }
    publishProbes();
    long probeDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < probeDeadline
        && streams.stream().anyMatch(p -> p.probePublishedAt != 0 && p.events == 0)) {
      Thread.sleep(POLL.toMillis());
    }
  }

  /** One batch publish of a probe on the first topic of each stream connected since the last call. */
  private void publishProbes() {
    List<ProbeStream> ready = streams.stream().filter(p -> p.connectedAt != 0 && p.probePublishedAt == 0).toList();
    if (ready.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    ready.forEach(p -> p.probePublishedAt = now);
    publish(dc.dispatchers().get(probesPublished % dc.dispatchers().size()).url(), ready);
    probesPublished += ready.size();
  }

  /**
   * Publishes one probe per stream in batches of at most {@link #MAX_BATCH} events (the dispatcher's limit,
   * docs/api.md); a batch answered with anything but 202 counts its probes in {@link #refusedProbes}.
   */
  private void publish(URI dispatcher, List<ProbeStream> to) {
    for (int from = 0; from < to.size(); from += MAX_BATCH) {
      List<ProbeStream> batch = to.subList(from, Math.min(to.size(), from + MAX_BATCH));
      String body = batch.stream().map(p -> "{\"topic\":\"" + p.topics.get(0) + "\",\"data\":1}")
          .collect(Collectors.joining(",", "[", "]"));
      client.sendAsync(HttpRequest.newBuilder(dispatcher.resolve("/publish"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() != 202) {
              refusedProbes.add(batch.size());
            }
          });
    }
  }

  /** Milliseconds from {@code since} until every dispatcher holds {@code expected} entries, or -1. */
  private long awaitEntries(List<URI> dispatchers, long expected, long since) throws InterruptedException {
    long deadline = System.nanoTime() + s.settleTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (dispatchers.stream().allMatch(d -> scrape.sum(d, "rtd_registry_entries", "") >= expected)) {
        return (System.nanoTime() - since) / 1_000_000;
      }
      Thread.sleep(POLL.toMillis());
    }
    return -1;
  }

  /** Stops a dispatcher gracefully, starts it again, times until it holds the registry and routes every stream. */
  private void restart(RegistryScaleResult r, LaunchedDataCenter.Node dispatcher) throws InterruptedException {
    dc.stop(dispatcher.name());
    long started = System.nanoTime();
    dc.start(dispatcher.name());
    r.restartReadyMs = (System.nanoTime() - started) / 1_000_000;
    r.restartEntriesMs = awaitEntries(List.of(dispatcher.url()), r.topics, started);
    List<ProbeStream> connected = streams.stream().filter(p -> p.connectedAt != 0).toList();
    int[] before = connected.stream().mapToInt(p -> p.events).toArray();
    publish(dispatcher.url(), connected);
    probesPublished += connected.size();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long delivered = 0;
    while (System.nanoTime() < deadline && delivered < connected.size()) {
      Thread.sleep(POLL.toMillis());
      delivered = 0;
      for (int i = 0; i < before.length; i++) {
        delivered += connected.get(i).events > before[i] ? 1 : 0;
      }
    }
    r.restartProbesDelivered = delivered;
    r.restartProbesPublished = connected.size();
  }

  private double[] heaps(List<LaunchedDataCenter.Node> nodes) throws InterruptedException {
    double[] heaps = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      heaps[i] = scrape.heapAfterGc(nodes.get(i).url(), nodes.get(i).pid());
    }
    return heaps;
  }

  private static long errorLines(Path logs) throws IOException {
    if (!Files.isDirectory(logs)) {
      return 0;
    }
    long count = 0;
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        try (Stream<String> lines = Files.lines(log)) {
          count += lines.filter(l -> l.contains(" ERROR ")).count();
        }
      }
    }
    return count;
  }
}
