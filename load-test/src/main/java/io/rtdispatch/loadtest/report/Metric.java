package io.rtdispatch.loadtest.report;

import io.rtdispatch.loadtest.run.RunResult;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A number compared across targets: how to read it from a run, its unit, and whether higher is better (so the
 * report can say which side a ratio favours). The list is the report's row order. A value of NaN means "not
 * measured for this target" (e.g. nchan reports no drops); a metric with {@code scenarios} appears only in those,
 * and there even when it is zero.
 */
public record Metric(String key, String label, String unit, boolean higherIsBetter,
    ToDoubleFunction<RunResult> value, Set<String> scenarios) {

  private static final Set<String> CONNECTING = Set.of("capacity", "connect-rate");
  private static final Set<String> RECONNECTING = Set.of("churn", "rolling-restart");

  public Metric(String key, String label, String unit, boolean higherIsBetter, ToDoubleFunction<RunResult> value) {
    this(key, label, unit, higherIsBetter, value, Set.of());
  }

  /** Whether this metric belongs in a report of the scenario. */
  public boolean appliesTo(String scenario) {
    return scenarios.isEmpty() || scenarios.contains(scenario);
  }

  public static final List<Metric> ALL = List.of(
      new Metric("deliveriesPerSecond", "deliveries/s", "1/s", true, r -> r.delivery().deliveriesPerSecond()),
      new Metric("latencyP50", "latency p50", "ms", false, r -> r.delivery().latency().p50()),
      new Metric("latencyP90", "latency p90", "ms", false, r -> r.delivery().latency().p90()),
      new Metric("latencyP99", "latency p99", "ms", false, r -> r.delivery().latency().p99()),
      new Metric("latencyP999", "latency p99.9", "ms", false, r -> r.delivery().latency().p999()),
      new Metric("latencyMax", "latency max", "ms", false, r -> r.delivery().latency().max()),
      new Metric("expected", "expected deliveries", "", true, r -> r.delivery().expected()),
      new Metric("received", "received (unique)", "", true, r -> r.delivery().received()),
      new Metric("lossPercent", "loss", "%", false, r -> r.delivery().lossRatio() * 100),
      new Metric("duplicates", "duplicates", "", false, r -> r.delivery().duplicates()),
      new Metric("live", "received live", "", true, r -> recovery(r, RunResult.Recovery::live), RECONNECTING),
      new Metric("recovered", "received by recovery", "", true,
          r -> recovery(r, RunResult.Recovery::recovered), RECONNECTING),
      new Metric("lost", "lost", "", false, r -> recovery(r, RunResult.Recovery::lost), RECONNECTING),
      new Metric("resumeRequests", "reconnects with Last-Event-ID", "", true,
          r -> recovery(r, RunResult.Recovery::resumeRequests), RECONNECTING),
      new Metric("recoveredTrue", "recovered:true answers", "", true,
          r -> recovery(r, RunResult.Recovery::recoveredTrue), RECONNECTING),
      new Metric("recoveredFalse", "recovered:false answers", "", false,
          r -> recovery(r, RunResult.Recovery::recoveredFalse), RECONNECTING),
      new Metric("longestGap", "longest gap between streams", "ms", false,
          r -> recovery(r, RunResult.Recovery::longestGapMs), RECONNECTING),
      new Metric("acceptedPerSecond", "published (accepted)/s", "1/s", true, r -> r.publishing().acceptedPerSecond()),
      new Metric("publishFailed", "publish failed", "", false, r -> r.publishing().failed()),
      new Metric("publishLate", "publish late", "", false, r -> r.publishing().late()),
      new Metric("publishDropped", "publish dropped", "", false, r -> r.publishing().dropped()),
      new Metric("publishP50", "publish round trip p50", "ms", false, r -> r.publishing().requestTime().p50()),
      new Metric("publishP99", "publish round trip p99", "ms", false, r -> r.publishing().requestTime().p99()),
      new Metric("publishBatch", "events per publish batch", "", false,
          r -> r.publishing().scheduled() > 0 ? r.publishing().batchSize() : 0),
      new Metric("openStreams", "streams open", "", true, r -> r.connections().openAtMeasureStart()),
      new Metric("streamsOpened", "streams accepted", "", true, r -> r.connections().streamsOpened(), CONNECTING),
      new Metric("acceptRate", "streams accepted/s", "1/s", true,
          r -> r.connections().streamsOpened() / Math.max(1e-3, r.connections().connectPhaseSeconds()), CONNECTING),
      new Metric("stalled", "stalled readers open", "", false, r -> r.connections().stalled(), Set.of("slow-reader")),
      new Metric("connectFailures", "connect failures", "", false, r -> r.connections().connectFailures()),
      new Metric("connectP50", "connect p50", "ms", false, r -> r.connections().connect().p50()),
      new Metric("connectP99", "connect p99", "ms", false, r -> r.connections().connect().p99()),
      new Metric("routableP50", "subscribe→routable p50", "ms", false, r -> r.connections().routable().p50()),
      new Metric("routableP99", "subscribe→routable p99", "ms", false, r -> r.connections().routable().p99()),
      new Metric("stormConnectP99", "storm reconnect p99", "ms", false, r -> r.connections().stormConnect().p99()),
      new Metric("stormRoutableP99", "storm re-routable p99", "ms", false,
          r -> r.connections().stormRoutable().p99()),
      new Metric("serverCpuPercent", "server CPU", "%", false, r -> r.server().cpuPercent()),
      new Metric("serverCpuPerEvent", "server CPU per published event", "µs", false,
          r -> perUnit(r.server().cpuSeconds(), r.publishing().accepted())),
      new Metric("serverCpuPerDelivery", "server CPU per delivery", "µs", false,
          r -> perUnit(r.server().cpuSeconds(), r.delivery().received())),
      new Metric("serverCpuPerConnect", "server CPU per stream set-up", "µs", false,
          r -> perUnit(r.server().connectCpuSeconds(), r.connections().streamsOpened()), CONNECTING),
      new Metric("serverDrops", "server-side drops", "", false,
          r -> r.server().drops() < 0 ? Double.NaN : r.server().drops(), Set.of("slow-reader")),
      new Metric("serverRssMiB", "server RSS", "MiB", false, r -> r.server().rssAfterBytes() / 1048576.0),
      new Metric("serverRssEndMiB", "server RSS at the end", "MiB", false, r -> r.server().rssEndBytes() / 1048576.0,
          Set.of("slow-reader")),
      new Metric("rssPerConnection", "RSS per connection", "B", false, r -> r.server().rssPerConnectionBytes()),
      new Metric("heapPerConnection", "heap per connection", "B", false, r -> r.server().heapPerConnectionBytes()),
      new Metric("clientCpuPercent", "client CPU", "%", false, r -> r.client().cpuPercent()));

  /** A recovery figure, NaN for a report written before recovery was measured. */
  static double recovery(RunResult r, ToDoubleFunction<RunResult.Recovery> figure) {
    return r.recovery() == null ? Double.NaN : figure.applyAsDouble(r.recovery());
  }

  /** Microseconds of CPU per unit, 0 when there were none. */
  static double perUnit(double cpuSeconds, long units) {
    return units <= 0 ? 0 : Math.round(cpuSeconds * 1e6 / units * 100) / 100.0;
  }
}
