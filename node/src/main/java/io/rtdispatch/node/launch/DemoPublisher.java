package io.rtdispatch.node.launch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The docker-compose demo's likes backend: publishes likes (and now and then a comment) to a
 * topic through the given dispatchers, round-robin, until stopped. Failures are reported and
 * retried on the next tick, so it can start before the dispatchers are up.
 *
 * <pre>
 * java -cp rtd-node.jar io.rtdispatch.node.launch.DemoPublisher --publish-url http://east-dispatcher-1:8081/publish \
 *     --topic live:demo --likes-per-second 2 --name bot-east
 * </pre>
 */
public final class DemoPublisher {

  private static final String[] COMMENTS = {"what a play!", "hello from the bot", "🔥🔥🔥", "who else is watching?",
      "this is live, right?", "again! again!"};

  private DemoPublisher() {}

  public static void main(String[] args) throws Exception {
    List<String> urls = List.of("http://127.0.0.1:8081/publish");
    String topic = "live:demo";
    double rate = 2;
    int commentEvery = 10;
    String name = "demo-publisher";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--publish-url" -> urls = Arrays.asList(args[i + 1].split(","));
        case "--topic" -> topic = args[i + 1];
        case "--likes-per-second" -> rate = Double.parseDouble(args[i + 1]);
        case "--comment-every" -> commentEvery = Integer.parseInt(args[i + 1]);
        case "--name" -> name = args[i + 1];
        default -> {
          System.err.println("unknown option " + args[i] + "; options: --publish-url URL[,URL] --topic T "
              + "--likes-per-second R --comment-every N --name NAME");
          System.exit(2);
        }
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long pauseMs = Math.max(1, (long) (1000 / rate));
    long sent = 0;
    long failed = 0;
    long lastReport = System.nanoTime();
    System.out.printf("publishing %.1f likes/s to %s via %s%n", rate, topic, urls);
    for (long n = 0; ; n++) {
      String body = commentEvery > 0 && n % commentEvery == commentEvery - 1
          ? "{\"topic\":\"" + topic + "\",\"type\":\"comment\",\"data\":{\"author\":\"" + name + "\",\"text\":\""
              + COMMENTS[ThreadLocalRandom.current().nextInt(COMMENTS.length)] + "\"}}"
          : "{\"topic\":\"" + topic + "\",\"type\":\"like\",\"data\":{\"from\":\"" + name + "\"}}";
      String url = urls.get((int) (n % urls.size()));
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          sent++;
        } else {
          failed++;
          System.out.println(url + " answered " + response.statusCode() + ": " + response.body());
        }
      } catch (Exception e) {
        failed++;
        if (failed % 10 == 1) {
          System.out.println(url + " unreachable (" + e.getClass().getSimpleName() + "); retrying");
        }
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        System.out.printf("published %d events, %d failed%n", sent, failed);
        lastReport = System.nanoTime();
      }
      Thread.sleep(pauseMs);
    }
  }
}
