package io.rtdispatch.loadtest.cli;

import io.rtdispatch.loadtest.pub.ClosedLoopPublisher;
import io.rtdispatch.loadtest.run.Target;
import io.rtdispatch.loadtest.stats.ServerDrops;
import io.rtdispatch.loadtest.stats.ServerProcess;
import io.rtdispatch.loadtest.sub.SubscriberTap;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many publishes one dispatcher accepts and routes per second of its CPU (issue 12: ≥ 50,000 with batch
 * publishes, ≥ 10,000 one event per request; LinkedIn's dispatchers did 5,000). A closed loop
 * ({@link ClosedLoopPublisher}) keeps the dispatcher busy; a few topics have a subscriber on a frontend
 * ({@link SubscriberTap}) so routing does real fan-out work and the tool checks that events arrive. The dispatcher's
 * CPU comes from /proc (the process listening on the publish port, or {@code --pid}); "routed" is the dispatcher's own
 * count of events it matched to frontends or found no subscriber for ({@code rtd_dispatcher_*} counters).
 */
@Command(name = "publish-throughput", mixinStandardHelpOptions = true,
    description = "Publish as fast as one dispatcher answers; report events accepted and routed per second and per CPU-second.")
final class PublishThroughputCommand implements Callable<Integer> {
  @Option(names = "--pub", defaultValue = "http://127.0.0.1:8081", description = "Dispatcher base URL. Default: ${DEFAULT-VALUE}.")
  URI pub;

  @Option(names = "--sub", defaultValue = "http://127.0.0.1:8080", description = "Frontend base URL for the subscribed topics. Default: ${DEFAULT-VALUE}.")
  URI sub;

  @Option(names = "--pid", defaultValue = "0", description = "Dispatcher process id (0: the process listening on the --pub port).")
  long pid;

  @Option(names = "--batch", defaultValue = "1", description = "Events per request (1: one event per POST /publish, more: a JSON array). Default: ${DEFAULT-VALUE}.")
  int batch;

  @Option(names = "--connections", defaultValue = "16", description = "Publishing connections (one thread each). Default: ${DEFAULT-VALUE}.")
  int connections;

  @Option(names = "--pipeline", defaultValue = "2", description = "Requests in flight per connection. Default: ${DEFAULT-VALUE}.")
  int pipeline;

  @Option(names = "--topics", defaultValue = "10000", description = "Topics published to, round-robin. Default: ${DEFAULT-VALUE}.")
  int topics;

  @Option(names = "--subscribed-topics", defaultValue = "100", description = "Of those, how many one stream on --sub subscribes to (at most 100). Default: ${DEFAULT-VALUE}.")
  int subscribedTopics;

  @Option(names = "--payload-bytes", defaultValue = "64", description = "Filler bytes per event. Default: ${DEFAULT-VALUE}.")
  int payloadBytes;

  @Option(names = "--warmup", defaultValue = "20", description = "Seconds of publishing before measuring (the JIT needs ~20 s on one core). Default: ${DEFAULT-VALUE}.")
  double warmupSeconds;

  @Option(names = "--duration", defaultValue = "15", description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
  double durationSeconds;

  private static final String PREFIX = "pt-";
  private static final long CONNECT_WAIT_MILLIS = 10_000;
  private static final long CATCH_UP_MILLIS = 5_000;

  private Result result;

  /**
   * What one invocation measured: events accepted, routed (-1 when the dispatcher's counters could not be read) and
   * per second over the measured window; dispatcher CPU-seconds in it; over the whole run (warm-up included), events
   * accepted and routed, accepted events of the subscribed topics and how many of them the subscriber received.
   */
  record Result(double seconds, long accepted, long routed, long refused, long lost, double cpuSeconds,
      long acceptedTotal, long routedTotal, long acceptedSubscribed, long delivered) {
  }

  Result result() {
    return result;
  }

  @Override
  public Integer call() throws Exception {
    if (subscribedTopics < 0 || subscribedTopics > Math.min(100, topics)) {
      throw new IllegalArgumentException("--subscribed-topics must be between 0 and min(100, --topics)");
    }
    ServerProcess dispatcher = pid > 0 ? new ServerProcess(List.of(pid)) : ServerProcess.listeningOn(Target.port(pub));
    List<String> subscribed = new ArrayList<>();
    for (int i = 0; i < subscribedTopics; i++) {
      subscribed.add(PREFIX + i);
    }
    try (SubscriberTap tap = SubscriberTap.open(sub, subscribed)) {
      if (!tap.awaitConnected(CONNECT_WAIT_MILLIS)) {
        System.err.println("publish-throughput: the subscriber's stream on " + sub + " did not open");
        return 2;
      }
      ClosedLoopPublisher publisher = new ClosedLoopPublisher(pub, PREFIX, topics, subscribedTopics, batch, pipeline,
          payloadBytes);
      long routedBefore = Sample.routed(pub);
      Sample start;
      Sample stop;
      try (publisher) {
        publisher.start(connections);
        System.err.printf(Locale.ROOT, "publish-throughput: warming up %.0f s (batch %d, %d connections x %d in flight)%n",
            warmupSeconds, batch, connections, pipeline);
        Thread.sleep((long) (warmupSeconds * 1000));
        start = Sample.take(publisher, dispatcher, pub);
        measure(publisher, start);
        stop = Sample.take(publisher, dispatcher, pub);
      }
      long delivered = catchUp(tap, publisher.acceptedSubscribed());
      long routedAfter = Sample.routed(pub);
      result = new Result((stop.nanos - start.nanos) / 1e9, stop.accepted - start.accepted,
          stop.routed < 0 || start.routed < 0 ? -1 : stop.routed - start.routed, stop.refused - start.refused,
          stop.lost - start.lost, stop.cpuSeconds - start.cpuSeconds, publisher.accepted(),
          routedBefore < 0 || routedAfter < 0 ? -1 : routedAfter - routedBefore, publisher.acceptedSubscribed(),
          delivered);
      print(result, publisher.lastRefusalStatus());
      return result.refused() > 0 || result.lost() > 0 ? 1 : 0;
    }
  }

  /** Publishes for the measured time, with a progress line a second. */
  private void measure(ClosedLoopPublisher publisher, Sample start) throws InterruptedException {
    Sample last = start;
    long end = System.nanoTime() + (long) (durationSeconds * 1e9);
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      Sample now = Sample.take(publisher, null, null);
      System.err.printf(Locale.ROOT, "  accepted %,.0f events/s, refused %d, unanswered %d%n",
          (now.accepted - last.accepted) / ((now.nanos - last.nanos) / 1e9), now.refused, now.lost);
      last = now;
    }
  }

  /** Waits until the subscriber has every accepted event of its topics, or stops getting more. */
  private static long catchUp(SubscriberTap tap, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP_MILLIS * 1_000_000;
    long seen = -1;
    while (tap.delivered() < expected && tap.delivered() != seen && System.nanoTime() < deadline) {
      seen = tap.delivered();
      Thread.sleep(500);
    }
    return tap.delivered();
  }

  private void print(Result r, long lastRefusal) {
    System.out.printf(Locale.ROOT, "publish-throughput: batch %d, %d connections x %d in flight, %.1f s measured%n",
        batch, connections, pipeline, r.seconds());
    System.out.printf(Locale.ROOT, "  events accepted       %,12.0f /s (%,.0f requests/s)%n", r.accepted() / r.seconds(),
        r.accepted() / r.seconds() / batch);
    System.out.printf(Locale.ROOT, "  events routed         %,12.0f /s (dispatcher counters)%n",
        r.routed() < 0 ? Double.NaN : r.routed() / r.seconds());
    System.out.printf(Locale.ROOT, "  dispatcher CPU        %12.2f cores (%.1f s of CPU)%n", r.cpuSeconds() / r.seconds(),
        r.cpuSeconds());
    System.out.printf(Locale.ROOT, "  events per CPU-second %,12.0f%n",
        r.cpuSeconds() > 0 ? r.accepted() / r.cpuSeconds() : Double.NaN);
    System.out.printf(Locale.ROOT, "  refused %d (last status %d), unanswered %d%n", r.refused(), lastRefusal, r.lost());
    System.out.printf(Locale.ROOT, "  whole run: %,d accepted, %,d routed%n", r.acceptedTotal(), r.routedTotal());
    System.out.printf(Locale.ROOT, "  subscriber received %,d of %,d accepted events of its %d topics (whole run)%n",
        r.delivered(), r.acceptedSubscribed(), subscribedTopics);
  }

  /** Counters at one moment; CPU and routed only when the dispatcher is given (-1 otherwise). */
  private record Sample(long nanos, long accepted, long refused, long lost, double cpuSeconds, long routed) {
    static Sample take(ClosedLoopPublisher p, ServerProcess dispatcher, URI pub) {
      long routed = pub == null ? -1 : routed(pub);
      return new Sample(System.nanoTime(), p.accepted(), p.refused(), p.lost(),
          dispatcher == null ? 0 : dispatcher.cpuSeconds(), routed);
    }

    /** Events the dispatcher sent to frontends or found no subscriber for, so far; -1 if unreadable. */
    static long routed(URI pub) {
      long matched = ServerDrops.read(List.of(pub), "rtd_dispatcher_frontend_events_total");
      long unroutable = ServerDrops.read(List.of(pub), "rtd_dispatcher_events_unroutable_total");
      return matched < 0 || unroutable < 0 ? -1 : matched + unroutable;
    }
  }
}
