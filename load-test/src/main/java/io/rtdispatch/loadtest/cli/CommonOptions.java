package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.run.RunOptions;
import io.rtdispatch.loadtest.run.Target;
import io.rtdispatch.loadtest.sub.LastEventIdMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every scenario takes: targets, repetitions, client shape, measurement rules, output. */
public final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--target", paramLabel = "SPEC", converter = TargetConverter.class,
      description = {"System under test, repeatable (run one after the other, compared in the report).",
          "'ours' (rtd at :8080/:8081), 'nchan' (:8090/sub, :8090/pub), or",
          "NAME=rtd|nchan[,sub=URL]...[,pub=URL]...[,pid=PID]. Loopback only. Default: ours."})
  List<Target> targets = new ArrayList<>();

  @Option(names = "--runs", defaultValue = "1", description = "Runs per target (interleaved); the summary shows medians. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Measurement time in seconds (scenario default if omitted).")
  Double duration;

  @Option(names = "--warmup", defaultValue = "0", paramLabel = "SECONDS", description = "Before the measured runs, run the scenario this long against each target and discard the result (JIT warm-up). Default: ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Option(names = "--connect-rate", defaultValue = "2000", paramLabel = "PER_SECOND", description = "New connections per second during the ramp (0 = all at once). Default: ${DEFAULT-VALUE}.")
  double connectRate;

  @Option(names = "--source-addresses", defaultValue = "4", paramLabel = "N", description = "Spread client sockets over 127.0.0.1..127.0.0.N (more ephemeral ports). Default: ${DEFAULT-VALUE}.")
  int sourceAddresses;

  @Option(names = "--io-threads", defaultValue = "1", description = "Selector threads per process. Default: ${DEFAULT-VALUE}.")
  int ioThreads;

  @Option(names = "--workers", defaultValue = "-1", description = "Subscriber worker processes (0 = in this process, -1 = as many as the file limit needs). Default: ${DEFAULT-VALUE}.")
  int workers;

  @Option(names = "--max-connections-per-process", defaultValue = "0", description = "Cap per worker process (0 = open-file limit minus a reserve). Default: ${DEFAULT-VALUE}.")
  int maxConnectionsPerProcess;

  @Option(names = "--worker-heap", defaultValue = "512m", description = "-Xmx of worker processes. Default: ${DEFAULT-VALUE}.")
  String workerHeap;

  @Option(names = "--concurrency", defaultValue = "16", description = "Publisher connections (batches in flight). Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--batch", defaultValue = "1", description = "Events per publish batch (one JSON array request for ours, that many pipelined requests for nchan); with --batch-window-ms the least. Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--batch-window-ms", paramLabel = "MS", description = "Batch what the publisher collects in this window: batch = rate x window (at most --max-batch). Default: 10 with --saturate, else 0 (off).")
  Double batchWindowMillis;

  @Option(names = "--max-batch", defaultValue = "100", description = "Largest batch --batch-window-ms makes. Default: ${DEFAULT-VALUE}.")
  int maxBatch;

  @Option(names = "--payload-bytes", defaultValue = "64", description = "Filler bytes added to each event's data. Default: ${DEFAULT-VALUE}.")
  int payloadBytes;

  @Option(names = "--late-ms", defaultValue = "10", description = "A send later than this after its due time counts as late. Default: ${DEFAULT-VALUE}.")
  double lateMillis;

  @Option(names = "--max-lateness-ms", defaultValue = "1000", description = "A batch later than this is dropped (counted, not sent). Default: ${DEFAULT-VALUE}.")
  double maxLatenessMillis;

  @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "Per-connection timeout, and extra time allowed for the whole ramp. Default: ${DEFAULT-VALUE}.")
  double connectTimeout;

  @Option(names = "--routable-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "How long to probe until every stream received something. Default: ${DEFAULT-VALUE}.")
  double routableTimeout;

  @Option(names = "--probe-interval-ms", defaultValue = "20", description = "Interval between probe rounds. Default: ${DEFAULT-VALUE}.")
  long probeIntervalMillis;

  @Option(names = "--drain", defaultValue = "5", paramLabel = "SECONDS", description = "Max wait for in-flight deliveries after publishing. Default: ${DEFAULT-VALUE}.")
  double drainSeconds;

  @Option(names = "--client-cores", paramLabel = "N", description = "CPU budget of the generator, for the client-bound flag. Default: CPUs this process may use.")
  Double clientCores;

  @Option(names = "--reconnect", negatable = true, defaultValue = "false", description = "Reconnect streams the server closes. Default: ${DEFAULT-VALUE}.")
  boolean reconnect;

  @Option(names = "--reconnect-delay-ms", defaultValue = "1000", description = "Delay before such a reconnect until the server sent a retry: field (then its value, as EventSource does). Default: ${DEFAULT-VALUE}.")
  long reconnectDelayMillis;

  @Option(names = "--last-event-id", defaultValue = "header", paramLabel = "HOW",
      description = {"How a reconnecting client sends the last event id it received, as a browser does:",
          "header (Last-Event-ID), query (lastEventId=, ours only) or none. Default: ${DEFAULT-VALUE}."})
  LastEventIdMode lastEventId;

  @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR", description = "Directory for the JSON and HTML reports. Default: ${DEFAULT-VALUE}.")
  Path outDir;

  @Option(names = "--name", paramLabel = "NAME", description = "Base name of the report files. Default: scenario and time.")
  String name;

  @Option(names = {"-q", "--quiet"}, description = "No progress line.")
  boolean quiet;

  List<Target> targets() {
    return targets.isEmpty() ? List.of(Target.parse("ours")) : targets;
  }

  /** @param defaultWindowMillis the batching window when --batch-window-ms is not given */
  RunOptions toRunOptions(double defaultWindowMillis) {
    double window = batchWindowMillis != null ? batchWindowMillis : defaultWindowMillis;
    requireNotNegative("--batch-window-ms", window);
    requirePositive("--max-batch", maxBatch);
    requirePositive("--runs", runs);
    requirePositive("--source-addresses", sourceAddresses);
    requirePositive("--io-threads", ioThreads);
    requirePositive("--concurrency", concurrency);
    requirePositive("--batch", batch);
    requirePositive("--probe-interval-ms", probeIntervalMillis);
    requireNotNegative("--connect-rate", connectRate);
    requireNotNegative("--payload-bytes", payloadBytes);
    requireNotNegative("--drain", drainSeconds);
    requireNotNegative("--warmup", warmupSeconds);
    if (sourceAddresses > 254) {
      throw new ParameterException(spec.commandLine(), "--source-addresses must be at most 254");
    }
    if (workers < -1) {
      throw new ParameterException(spec.commandLine(), "--workers must be -1 (auto), 0 or more");
    }
    if (duration != null && duration <= 0) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    double cores = clientCores != null ? clientCores : Runtime.getRuntime().availableProcessors();
    return new RunOptions(connectRate, sourceAddresses, ioThreads, workers, maxConnectionsPerProcess, workerHeap,
        concurrency, batch, payloadBytes, lateMillis, maxLatenessMillis, connectTimeout, routableTimeout,
        probeIntervalMillis, drainSeconds, cores, reconnect, reconnectDelayMillis, !quiet, window, maxBatch,
        lastEventId);
  }

  void requirePositive(String option, double value) {
    if (value <= 0) {
      throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
    }
  }

  private void requireNotNegative(String option, double value) {
    if (value < 0) {
      throw new ParameterException(spec.commandLine(), option + " must not be negative, got " + value);
    }
  }
}
