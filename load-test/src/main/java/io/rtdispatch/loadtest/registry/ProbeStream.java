package io.rtdispatch.loadtest.registry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

/**
 * One SSE stream opened with {@code GET /connect?topic=…} for many new topics, kept open so its topics stay
 * registered. Records when the request was sent, when the {@code connected} frame came (the frontend sends it once
 * every topic is routable, or after {@code subscribe-ack-timeout} with {@code "routable":false}), and when the first
 * event after it arrived (the probe published to the stream's first topic). Times are {@link System#nanoTime()};
 * 0 means "not yet". Fields are written by the HTTP client's threads and read by the scenario.
 */
final class ProbeStream implements Flow.Subscriber<String> {
  final List<String> topics;
  final URI frontend;
  volatile long sentAt;
  volatile long connectedAt;
  volatile boolean routable;
  volatile int status;
  volatile long probePublishedAt;
  volatile long probeArrivedAt;
  volatile int events;
  private boolean inConnected;
  private Flow.Subscription subscription;

  ProbeStream(URI frontend, List<String> topics) {
    this.frontend = frontend;
    this.topics = List.copyOf(topics);
  }

  /** Sends the request; the returned future fails on a connection error and completes when the stream ends. */
  CompletableFuture<?> open(HttpClient client) {
    String query = topics.stream().map(t -> "topic=" + URLEncoder.encode(t, StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(frontend.resolve("/connect?" + query))
        .header("Accept", "text/event-stream").GET().build();
    sentAt = System.nanoTime();
    return client.sendAsync(request, info -> {
      status = info.statusCode();
      return HttpResponse.BodySubscribers.fromLineSubscriber(this);
    });
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    if (line.startsWith("event: connected")) {
      inConnected = true;
    } else if (line.startsWith("data:")) {
      if (inConnected) {
        routable = line.contains("\"routable\":true");
        connectedAt = System.nanoTime();
        inConnected = false;
      } else if (connectedAt != 0) {
        if (events++ == 0) {
          probeArrivedAt = System.nanoTime();
        }
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    // counted by the scenario: a stream without a connected frame
  }

  @Override
  public void onComplete() {
    // the frontend ended the stream (shutdown); nothing to record
  }

  void cancel() {
    if (subscription != null) {
      subscription.cancel();
    }
  }
}
