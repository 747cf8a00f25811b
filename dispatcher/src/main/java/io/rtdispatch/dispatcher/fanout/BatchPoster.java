package io.rtdispatch.dispatcher.fanout;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.settings.ConnectionPoolSettings;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.http.HttpSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * POSTs an event batch to another node's internal endpoint and reports the outcome as a status
 * code; a connection failure or timeout completes exceptionally. The response body is always
 * drained, so pooled connections are reused.
 */
public final class BatchPoster {

  private final ActorSystem<?> system;
  private final Http http;
  private final ConnectionPoolSettings pool;
  private final String internalToken;
  private final Duration timeout;

  public BatchPoster(ActorSystem<?> system, int connectionsPerHost, String internalToken, Duration timeout) {
    this.system = system;
    this.http = Http.get(system);
    this.pool = ConnectionPoolSettings.create(system.classicSystem())
        .withMaxConnections(connectionsPerHost)
        .withMaxOpenRequests(Integer.highestOneBit(connectionsPerHost * 4 - 1) << 1);
    this.internalToken = internalToken;
    this.timeout = timeout;
  }

  /** @param headers extra header name/value pairs */
  public CompletionStage<Integer> post(String url, List<Event> batch, String... headers) {
    HttpRequest request = HttpRequest.POST(url).withEntity(HttpSupport.NDJSON.toContentType(), EventBatch.encode(batch));
    if (!internalToken.isEmpty()) {
      request = request.addHeader(RawHeader.create("Authorization", "Bearer " + internalToken));
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request = request.addHeader(RawHeader.create(headers[i], headers[i + 1]));
    }
    CompletableFuture<HttpResponse> response = http.singleRequest(request, http.defaultClientHttpsContext(), pool,
        system.classicSystem().log()).toCompletableFuture();
    return response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenCompose(r -> r.discardEntityBytes(system).completionStage().thenApply(done -> r.status().intValue()));
  }
}
