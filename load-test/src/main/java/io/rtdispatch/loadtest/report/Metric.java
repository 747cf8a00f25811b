package io.rtdispatch.loadtest.report;

import io.rtdispatch.loadtest.run.RunResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A number compared across targets: how to read it from a run, its unit, and whether higher is better (so the
 * report can say which side a ratio favours). The list is the report's row order.
 */
public record Metric(String key, String label, String unit, boolean higherIsBetter,
    ToDoubleFunction<RunResult> value) {

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
      new Metric("acceptedPerSecond", "published (accepted)/s", "1/s", true, r -> r.publishing().acceptedPerSecond()),
      new Metric("publishFailed", "publish failed", "", false, r -> r.publishing().failed()),
      new Metric("publishLate", "publish late", "", false, r -> r.publishing().late()),
      new Metric("publishDropped", "publish dropped", "", false, r -> r.publishing().dropped()),
      new Metric("publishP99", "publish request p99", "ms", false, r -> r.publishing().requestTime().p99()),
      new Metric("openStreams", "streams open", "", true, r -> r.connections().openAtMeasureStart()),
      new Metric("connectFailures", "connect failures", "", false, r -> r.connections().connectFailures()),
      new Metric("connectP50", "connect p50", "ms", false, r -> r.connections().connect().p50()),
      new Metric("connectP99", "connect p99", "ms", false, r -> r.connections().connect().p99()),
      new Metric("routableP50", "subscribe→routable p50", "ms", false, r -> r.connections().routable().p50()),
      new Metric("routableP99", "subscribe→routable p99", "ms", false, r -> r.connections().routable().p99()),
      new Metric("stormConnectP99", "storm reconnect p99", "ms", false, r -> r.connections().stormConnect().p99()),
      new Metric("stormRoutableP99", "storm re-routable p99", "ms", false,
          r -> r.connections().stormRoutable().p99()),
      new Metric("serverCpuPercent", "server CPU", "%", false, r -> r.server().cpuPercent()),
      new Metric("serverRssMiB", "server RSS", "MiB", false, r -> r.server().rssAfterBytes() / 1048576.0),
      new Metric("rssPerConnection", "RSS per connection", "B", false, r -> r.server().rssPerConnectionBytes()),
      new Metric("heapPerConnection", "heap per connection", "B", false, r -> r.server().heapPerConnectionBytes()),
      new Metric("clientCpuPercent", "client CPU", "%", false, r -> r.client().cpuPercent()));
}
