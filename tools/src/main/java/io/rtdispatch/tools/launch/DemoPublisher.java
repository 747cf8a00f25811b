package io.rtdispatch.tools.launch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The demo's likes backend: publishes likes (and now and then a comment) to a topic through the
 * given dispatchers, round-robin, until stopped. Failures are reported and retried on the next
 * tick, so it can start before the dispatchers are up. docker-compose.yml runs it as its own
 * service; the {@link Launcher} runs it in-process for several data centers ({@code --demo-publisher}).
 *
 * <pre>
 * java -cp /app/rtd-tools.jar io.rtdispatch.tools.launch.DemoPublisher --publish-url http://east-dispatcher-1:8081/publish \
 *     --topic live:demo --likes-per-second 2 --name bot-east
 * </pre>
 */
public final class DemoPublisher {

  private static final String[] COMMENTS = {"what a play!", "hello from the bot", "🔥🔥🔥", "who else is watching?",
      "this is live, right?", "again! again!"};
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  /** Events per second unless told otherwise (as docker-compose.yml's publisher). */
  public static final double DEMO_RATE = 2;

  /**
   * What to publish and where.
   *
   * @param publishUrls dispatchers' {@code /publish} URLs, used in turn
   * @param likesPerSecond events per second (likes and comments together), above 0
   * @param commentEvery every n-th event is a comment instead of a like; 0: likes only
   * @param name the {@code from} of likes and {@code author} of comments
   */
  public record Settings(List<String> publishUrls, String topic, double likesPerSecond, int commentEvery, String name) {

    /** The demo page's default topic, a comment every 10th event. */
    public static Settings demo(List<String> publishUrls, double likesPerSecond, String name) {
      return new Settings(publishUrls, "live:demo", likesPerSecond, 10, name);
    }
  }

  private DemoPublisher() {}

  public static void main(String[] args) {
    Settings demo = Settings.demo(List.of("http://127.0.0.1:8081/publish"), DEMO_RATE, "demo-publisher");
    List<String> urls = demo.publishUrls();
    String topic = demo.topic();
    double rate = demo.likesPerSecond();
    int commentEvery = demo.commentEvery();
    String name = demo.name();
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
    publish(new Settings(urls, topic, rate, commentEvery, name), System.out::println, true);
  }

  /**
   * Publishes until the calling thread is interrupted (then returns). {@code out} gets a first line
   * saying what it publishes, every failed publish (an unreachable dispatcher every 10th time), and,
   * with {@code periodicCounts}, the counts every 10 s.
   */
  public static void publish(Settings settings, Consumer<String> out, boolean periodicCounts) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    long pauseMs = Math.max(1, (long) (1000 / settings.likesPerSecond()));
    List<String> urls = settings.publishUrls();
    long sent = 0;
    long failed = 0;
    long lastReport = System.nanoTime();
    out.accept(String.format("publishing %.1f likes/s to %s via %s", settings.likesPerSecond(), settings.topic(), urls));
    for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
      String url = urls.get((int) (n % urls.size()));
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(settings, n)))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          sent++;
        } else {
          failed++;
          out.accept(url + " answered " + response.statusCode() + ": " + response.body());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failed++;
        if (failed % 10 == 1) {
          out.accept(url + " unreachable (" + e.getClass().getSimpleName() + "); retrying");
        }
      }
      if (periodicCounts && System.nanoTime() - lastReport > REPORT_EVERY.toNanos()) {
        out.accept(String.format("published %d events, %d failed", sent, failed));
        lastReport = System.nanoTime();
      }
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String body(Settings settings, long n) {
    int every = settings.commentEvery();
    return every > 0 && n % every == every - 1
        ? "{\"topic\":\"" + settings.topic() + "\",\"type\":\"comment\",\"data\":{\"author\":\"" + settings.name()
            + "\",\"text\":\"" + COMMENTS[ThreadLocalRandom.current().nextInt(COMMENTS.length)] + "\"}}"
        : "{\"topic\":\"" + settings.topic() + "\",\"type\":\"like\",\"data\":{\"from\":\"" + settings.name() + "\"}}";
  }
}
