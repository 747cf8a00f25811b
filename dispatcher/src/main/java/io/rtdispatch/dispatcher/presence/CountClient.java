package io.rtdispatch.dispatcher.presence;

import io.rtdispatch.common.presence.PresenceQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks another node for subscriber counts: POSTs a {@link PresenceQuery} to a frontend's
 * {@code /internal/subscribers} or a peer dispatcher's {@code /internal/presence} and reads the
 * answer. Uses the JDK's HTTP client rather than the delivery links: a count is a small request
 * once a second at most, and a failed one is simply retried on the next, so it needs neither
 * batching nor its own connection management.
 */
final class CountClient {

  private final HttpClient http;
  private final Duration timeout;

  /** @param timeout most time from sending to the complete answer, per request */
  CountClient(Duration connectTimeout, Duration timeout) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    this.timeout = timeout;
  }

  /**
   * Counts {@code query} at {@code baseUrl + path}, in several requests if it names more than
   * {@link PresenceQuery#MAX_TOPICS} topics.
   *
   * @param token bearer token, or ""
   * @return topic → count; fails on a connection error, a timeout, a non-200 answer or a bad body
   */
  CompletionStage<Map<String, Integer>> count(String baseUrl, String path, PresenceQuery query, String token) {
    List<String> topics = query.topics();
    if (topics.size() <= PresenceQuery.MAX_TOPICS) {
      return send(baseUrl + path, query, token);
    }
    CompletableFuture<Map<String, Integer>> all = CompletableFuture.completedFuture(new HashMap<>());
    for (int from = 0; from < topics.size(); from += PresenceQuery.MAX_TOPICS) {
      List<String> part = topics.subList(from, Math.min(topics.size(), from + PresenceQuery.MAX_TOPICS));
      all = all.thenCombine(send(baseUrl + path, new PresenceQuery(part, query.patterns()), token), (sum, counts) -> {
        sum.putAll(counts);
        return sum;
      });
    }
    return all;
  }

  private CompletionStage<Map<String, Integer>> send(String url, PresenceQuery query, String token) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(query.encode()));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("'" + url + "' is not a URL"));
    }
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
      }
      return PresenceQuery.parseAnswer(response.body());
    });
  }
}
