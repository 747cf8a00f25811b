package io.rtdispatch.node.launch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures how long a new subscription takes to become routable across a data center: from
 * {@code POST /subscriptions} of a topic new to a frontend until an event published to a
 * dispatcher reaches the stream. Each try uses a fresh topic, the next frontend and the next
 * dispatcher in turn, and publishes a probe to that one dispatcher every {@code --every-ms} until
 * one arrives; the first arrival ends the try. Prints the median, p90, p99 and worst, overall and
 * per dispatcher.
 *
 * <pre>
 * java -cp node/target/rtd-node.jar io.rtdispatch.node.launch.PropagationProbe \
 *     --frontends http://127.0.0.1:8080,http://127.0.0.1:8081 --dispatchers http://127.0.0.1:8090 --tries 200
 * </pre>
 * Without options it probes the launcher's default data center (3 frontends, 2 dispatchers).
 */
public final class PropagationProbe {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration GIVE_UP = Duration.ofSeconds(10);

  private record ProbeStream(String frontend, String connectionId, BlockingQueue<String> ids) {}

  public static void main(String[] args) throws Exception {
    List<String> frontends = List.of("http://127.0.0.1:8080", "http://127.0.0.1:8081", "http://127.0.0.1:8082");
    List<String> dispatchers = List.of("http://127.0.0.1:8090", "http://127.0.0.1:8091");
    int tries = 100;
    long everyMs = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--frontends" -> frontends = Arrays.asList(args[i + 1].split(","));
        case "--dispatchers" -> dispatchers = Arrays.asList(args[i + 1].split(","));
        case "--tries" -> tries = Integer.parseInt(args[i + 1]);
        case "--every-ms" -> everyMs = Long.parseLong(args[i + 1]);
        default -> {
          System.err.println("unknown option " + args[i]
              + "; options: --frontends URL,… --dispatchers URL,… --tries N --every-ms MS");
          System.exit(2);
        }
      }
    }
    List<ProbeStream> streams = new ArrayList<>();
    for (String frontend : frontends) {
      streams.add(open(frontend));
    }
    Map<String, List<Double>> byDispatcher = new TreeMap<>();
    List<Double> all = new ArrayList<>();
    String run = Long.toString(System.currentTimeMillis(), 36);
    for (int t = 0; t < tries; t++) {
      ProbeStream stream = streams.get(t % streams.size());
      String dispatcher = dispatchers.get((t / streams.size()) % dispatchers.size());
      double ms = probe(stream, dispatcher, "probe:" + run + "-" + t, everyMs);
      all.add(ms);
      byDispatcher.computeIfAbsent(dispatcher, d -> new ArrayList<>()).add(ms);
      if ((t + 1) % 20 == 0) {
        System.err.printf("  %d/%d tries, last %.1f ms%n", t + 1, tries, ms);
      }
    }
    System.out.println("subscribe-to-routable, " + tries + " tries over " + frontends.size() + " frontends and "
        + dispatchers.size() + " dispatchers (ms):");
    System.out.println("  all          " + summary(all));
    byDispatcher.forEach((d, values) -> System.out.println("  " + d + "  " + summary(values)));
    System.exit(0);
  }

  private static double probe(ProbeStream stream, String dispatcher, String topic, long everyMs) throws Exception {
    stream.ids().clear();
    long start = System.nanoTime();
    post(stream.frontend() + "/subscriptions",
        "{\"connectionId\":\"" + stream.connectionId() + "\",\"topic\":\"" + topic + "\"}");
    long deadline = start + GIVE_UP.toNanos();
    while (System.nanoTime() < deadline) {
      post(dispatcher + "/publish", "{\"topic\":\"" + topic + "\",\"type\":\"probe\",\"data\":null}");
      if (stream.ids().poll(everyMs, TimeUnit.MILLISECONDS) != null) {
        double ms = (System.nanoTime() - start) / 1e6;
        send("DELETE", stream.frontend() + "/subscriptions",
            "{\"connectionId\":\"" + stream.connectionId() + "\",\"topic\":\"" + topic + "\"}");
        return ms;
      }
    }
    throw new IllegalStateException(topic + " never became routable through " + dispatcher + " within " + GIVE_UP);
  }

  private static ProbeStream open(String frontend) throws Exception {
    HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(URI.create(frontend + "/connect")).build(),
        HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(frontend + "/connect answered " + response.statusCode());
    }
    BlockingQueue<String> ids = new LinkedBlockingQueue<>();
    BlockingQueue<String> connected = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> response.body().forEach(line -> {
      if (line.startsWith("id: ")) {
        ids.add(line.substring(4));
      } else if (line.startsWith("data: {\"connectionId\"")) {
        connected.add(line.substring(line.indexOf(":\"", 6) + 2, line.lastIndexOf('"')));
      }
    }), "probe-" + frontend);
    reader.setDaemon(true);
    reader.start();
    String id = connected.poll(10, TimeUnit.SECONDS);
    if (id == null) {
      throw new IllegalStateException(frontend + " sent no connected frame");
    }
    return new ProbeStream(frontend, id, ids);
  }

  private static void post(String url, String body) throws Exception {
    send("POST", url, body);
  }

  private static void send(String method, String url, String body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method,
        HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static String summary(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format("median %6.1f  p90 %6.1f  p99 %6.1f  worst %6.1f  (n=%d)", percentile(sorted, 50),
        percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1), sorted.size());
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
