package io.rtdispatch.frontend.forward;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.logging.RepeatedWarnings;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.frontend.FrontendContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a subscription change to the frontend holding the stream (issue 11, "subscriptions through
 * any frontend"): {@code POST} or {@code DELETE} of the change to the owner's
 * {@value #PATH} on its internal port, with the internal token, and the owner's answer relayed as
 * it is: 200 with its body (including {@code routable}), 400, 404 (the connection is gone), 429
 * (over a limit), 503 (the owner is too busy).
 *
 * <p>Any other outcome answers 503 JSON, so the client retries: no complete answer within
 * {@code rtd.frontend.subscription-forward-timeout}, the owner unreachable, another status (a
 * wrong internal token answers 401 there: that is the operator's error, not the client's), or an
 * answer larger than {@value #MAX_ANSWER_BYTES} bytes or without a length. Each kind is warned
 * about once per interval.
 *
 * <p>Uses the JDK's HTTP client (as presence counts do): one small request per change, pooled
 * keep-alive connections, no per-host queue to overflow. Counts every forward by result in
 * {@code rtd_frontend_subscription_forwards_total{result=…}}: the relayed status, or
 * {@code timeout}, {@code unreachable}, {@code bad_answer}.
 */
public final class SubscriptionForwarding {

  /** Where the owner takes forwarded changes, on its internal port. */
  public static final String PATH = "/internal/subscriptions";

  /** Largest answer read from an owner; its answers are a few hundred bytes. */
  public static final int MAX_ANSWER_BYTES = 16 * 1024;

  private static final List<Integer> RELAYED = List.of(200, 400, 404, 429, 503);
  private static final Logger log = LoggerFactory.getLogger(SubscriptionForwarding.class);

  private final HttpClient http;
  private final Duration timeout;
  private final String internalToken;
  private final RepeatedWarnings warnings;
  private final Map<String, Counter> results = new HashMap<>();

  /**
   * @param context gives the timeout, most time from sending a change to its owner's complete answer
   *     ({@code rtd.frontend.subscription-forward-timeout}), and the internal token
   *     ({@code rtd.security.internal-token}, or "" for none)
   */
  public SubscriptionForwarding(FrontendContext context) {
    Duration timeout = context.settings().subscriptionForwardTimeout();
    Metrics metrics = context.node().metrics();
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    this.timeout = timeout;
    this.internalToken = context.internalToken();
    this.warnings = RepeatedWarnings.get(context.system());
    for (String result : List.of("200", "400", "404", "429", "503", "timeout", "unreachable", "bad_answer")) {
      results.put(result, metrics.counter("rtd.frontend.subscription.forwards",
          "Subscription changes forwarded to the frontend holding the stream, by result", "result", result));
    }
  }

  /**
   * Sends a change to its owner and completes (never fails) with the answer to give the client.
   *
   * @param ownerUrl the owner's internal base URL ({@link OwnerEndpoints#urlOf})
   * @param subscribe POST (subscribe) or DELETE (unsubscribe)
   * @param body the forwarded change, {@code application/json}
   */
  public CompletionStage<HttpResponse> forward(String ownerUrl, boolean subscribe, byte[] body) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(ownerUrl + PATH)).timeout(timeout)
          .header("Content-Type", "application/json")
          .method(subscribe ? "POST" : "DELETE", HttpRequest.BodyPublishers.ofByteArray(body));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(failed("bad_answer", "its advertised URL is not a URL"));
    }
    if (!internalToken.isEmpty()) {
      request.header("Authorization", "Bearer " + internalToken);
    }
    return http.sendAsync(request.build(), boundedBody()).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((answer, failure) -> failure == null ? relay(answer) : failed(failure));
  }

  /** Reads a body of a declared length up to the bound; any other body is discarded (null). */
  private static BodyHandler<byte[]> boundedBody() {
    return info -> {
      long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      return length >= 0 && length <= MAX_ANSWER_BYTES ? BodySubscribers.ofByteArray()
          : BodySubscribers.replacing(null);
    };
  }

  private HttpResponse relay(java.net.http.HttpResponse<byte[]> answer) {
    int status = answer.statusCode();
    if (!RELAYED.contains(status) || answer.body() == null) {
      return failed("bad_answer", "it answered HTTP " + status
          + (answer.body() == null ? " without a body of a known length up to " + MAX_ANSWER_BYTES + " bytes" : ""));
    }
    results.get(Integer.toString(status)).increment();
    HttpResponse relayed = HttpResponse.create().withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, answer.body());
    return answer.headers().firstValue("Retry-After")
        .map(retryAfter -> relayed.addHeader(RawHeader.create("Retry-After", retryAfter))).orElse(relayed);
  }

  private HttpResponse failed(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
      return failed("timeout", "it did not answer within " + timeout.toMillis() + " ms");
    }
    return failed("unreachable", "it could not be reached (" + cause.getClass().getSimpleName() + ")");
  }

  private HttpResponse failed(String result, String why) {
    results.get(result).increment();
    warnings.warn(log, "subscription-forward-" + result,
        "A subscription change could not be forwarded to the frontend holding the stream: {}", why);
    return HttpSupport.error(new Problem(Problem.Kind.UNAVAILABLE,
        "the frontend holding this connection did not take the change: " + why + "; retry"));
  }
}
