package io.rtdispatch.common.http;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import io.rtdispatch.common.metrics.Metrics;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health}, {@code /ready} and {@code /metrics}, served by every role's HTTP server.
 *
 * <p>Health says only that the process answers; readiness says the node has joined its cluster
 * and serves, so a load balancer sends it traffic; it turns false again as soon as shutdown
 * starts, before streams are closed, so the balancer drains the node first.
 */
public final class StatusRoutes extends HttpSupport {

  private static final ContentType PROMETHEUS_TEXT = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final Metrics metrics;
  private final Supplier<String> notReadyReason;

  /** @param notReadyReason why the node is not ready, or {@code null} when it is */
  public StatusRoutes(Metrics metrics, Supplier<String> notReadyReason) {
    this.metrics = metrics;
    this.notReadyReason = notReadyReason;
  }

  /** The three routes; a method other than GET on their paths is answered 405 with {@code Allow: GET}. */
  public Route route() {
    return concat(
        path("health", () -> onlyGet(() -> complete(json(StatusCodes.OK, Map.of("status", "up"))))),
        path("ready", () -> onlyGet(() -> {
          String reason = notReadyReason.get();
          return complete(reason == null
              ? json(StatusCodes.OK, Map.of("status", "ready"))
              : json(StatusCodes.SERVICE_UNAVAILABLE, Map.of("status", "not ready", "reason", reason)));
        })),
        path("metrics", () -> onlyGet(() ->
            complete(HttpResponse.create().withEntity(PROMETHEUS_TEXT, ByteString.fromString(metrics.scrape()))))));
  }

  /**
   * {@code inner} for GET; any other method gets 405 here, answered at once: the role's routes
   * after this one answer unknown paths with 404 themselves, which would hide a method rejection.
   */
  private Route onlyGet(Supplier<Route> inner) {
    return concat(get(inner), extractMethod(method -> complete(
        error(StatusCodes.METHOD_NOT_ALLOWED, method.value() + " is not allowed here; use GET")
            .addHeader(RawHeader.create("Allow", "GET")))));
  }
}
