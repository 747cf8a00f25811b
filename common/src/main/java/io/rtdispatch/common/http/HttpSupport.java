package io.rtdispatch.common.http;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaType;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.util.ByteString;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.json.Json;
import io.rtdispatch.common.presence.PresenceQuery;
import io.rtdispatch.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import scala.concurrent.duration.FiniteDuration;

/**
 * Directives every route class shares: the contract's JSON errors, bearer tokens and bounded
 * request bodies. Route classes extend this and stay stateless.
 *
 * <p>Every rejection Akka HTTP produces by itself (unknown path, wrong method, …) is rewritten
 * into {@code {"error": "..."}} with its original status, so no client ever has to parse a
 * plain-text error, and no bad input reaches the default 500 handler.
 *
 * <p>It is also the one place a domain {@link Problem} becomes an answer ({@link #status},
 * {@link #error(Problem)}); the Netty side's {@code JsonResponses} asks it too.
 */
public abstract class HttpSupport extends AllDirectives {

  /** Node-to-node event batches ({@value EventBatch#MEDIA_TYPE}), see {@link EventBatch}. */
  public static final MediaType.Binary EVENT_BATCH = MediaTypes.applicationBinary(EventBatch.MEDIA_SUBTYPE, true);

  /**
   * Never waited for: the node's server hands routes whole (strict) bodies, read within
   * {@code rtd.http.request-timeout} before a route runs, so {@code extractStrictEntity} returns at
   * once; the directive only needs some bound, and this one is that setting's default.
   */
  private static final FiniteDuration BODY_TIMEOUT = FiniteDuration.create(10, "s");

  /** What a presence count that did not finish in time is answered (the routes that count share it). */
  protected static final Problem TOO_BUSY_TO_COUNT =
      new Problem(Problem.Kind.UNAVAILABLE, "the node is too busy to count subscribers");

  private static final RejectionHandler JSON_REJECTIONS =
      RejectionHandler.defaultHandler().mapRejectionResponse(HttpSupport::asJsonError);

  private static final ExceptionHandler JSON_EXCEPTIONS = ExceptionHandler.newBuilder()
      .match(EntityStreamSizeException.class, e -> Directives.complete(error(StatusCodes.CONTENT_TOO_LARGE,
          "request body is larger than the limit of " + e.limit() + " bytes")))
      .match(TimeoutException.class, e -> Directives.complete(error(StatusCodes.REQUEST_TIMEOUT,
          "the request body did not arrive in time")))
      .build();

  public static HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(body));
  }

  public static HttpResponse error(StatusCode status, String message) {
    return json(status, Map.of("error", message));
  }

  /**
   * The status a kind of {@link Problem} is answered with, by the contract's error table
   * (docs/api.md, "Errors"): 400 invalid, 401, 403, 404, 413 too large, 429 for a limit reached
   * or a busy node, 503 unavailable.
   */
  public static StatusCode status(Problem.Kind kind) {
    return switch (kind) {
      case INVALID -> StatusCodes.BAD_REQUEST;
      case UNAUTHORIZED -> StatusCodes.UNAUTHORIZED;
      case FORBIDDEN -> StatusCodes.FORBIDDEN;
      case NOT_FOUND -> StatusCodes.NOT_FOUND;
      case TOO_LARGE -> StatusCodes.CONTENT_TOO_LARGE;
      case LIMIT_REACHED, BUSY -> StatusCodes.TOO_MANY_REQUESTS;
      case UNAVAILABLE -> StatusCodes.SERVICE_UNAVAILABLE;
    };
  }

  /**
   * The {@code Retry-After} a kind of {@link Problem} carries, in seconds, or 0 for none: 1 for the
   * transient kinds ({@code BUSY}, {@code UNAVAILABLE}: queues drain, nodes become ready, gossip
   * spreads within about a second), none for the rest, which a retry alone does not fix.
   */
  public static long retryAfterSeconds(Problem.Kind kind) {
    return kind == Problem.Kind.BUSY || kind == Problem.Kind.UNAVAILABLE ? 1 : 0;
  }

  /** {@code {"error": message}} with the problem's {@link #status} and {@link #retryAfterSeconds}. */
  public static HttpResponse error(Problem problem) {
    HttpResponse response = error(status(problem.kind()), problem.message());
    long retryAfter = retryAfterSeconds(problem.kind());
    return retryAfter == 0 ? response : response.addHeader(RetryAfter.create(retryAfter));
  }

  /**
   * {@code /internal/...} on a public port: 404 JSON saying where node-to-node endpoints are
   * (a peer or dispatcher configured with a public port's URL finds out from its first answer).
   */
  protected Route internalElsewhere() {
    return pathPrefix("internal", () -> complete(error(StatusCodes.NOT_FOUND, "node-to-node endpoints are served "
        + "on the node's internal port (rtd.internal.port, RTD_INTERNAL_PORT), not on this one")));
  }

  /** Turns rejections and body-size failures under {@code inner} into JSON errors. */
  protected Route withJsonErrors(Supplier<Route> inner) {
    return jsonErrors(inner.get());
  }

  /**
   * {@link #withJsonErrors} for routes combined from several route classes (the internal port):
   * wrap the combination once, since a wrapped route answers 404 itself instead of letting the
   * next one try.
   */
  public static Route jsonErrors(Route inner) {
    return Directives.handleExceptions(JSON_EXCEPTIONS, () -> Directives.handleRejections(JSON_REJECTIONS, () -> inner));
  }

  /** Lets the request through when {@code token} is empty or sent as {@code Authorization: Bearer <token>}. */
  protected Route bearerToken(String token, String what, Supplier<Route> inner) {
    if (token.isEmpty()) {
      return inner.get();
    }
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return optionalHeaderValueByName("Authorization", header -> {
      if (header.isPresent() && MessageDigest.isEqual(expected, header.get().getBytes(StandardCharsets.UTF_8))) {
        return inner.get();
      }
      String message = header.isPresent() ? "the bearer token for " + what + " is not valid"
          : "missing 'Authorization: Bearer <token>' header for " + what;
      HttpHeader challenge = RawHeader.create("WWW-Authenticate", "Bearer realm=\"" + what + "\"");
      return complete(error(StatusCodes.UNAUTHORIZED, message).addHeader(challenge));
    });
  }

  /**
   * Reads the whole body, at most {@code maxBytes}, after checking its media type; answers 415
   * for another type and 413 for a bigger body.
   */
  protected Route body(MediaType mediaType, long maxBytes, Function<ByteString, Route> inner) {
    return extractRequestEntity(entity -> {
      MediaType actual = entity.getContentType().mediaType();
      if (!actual.mainType().equalsIgnoreCase(mediaType.mainType())
          || !actual.subType().equalsIgnoreCase(mediaType.subType())) {
        return complete(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be " + mediaType + " (got " + actual + ")"));
      }
      OptionalLong declared = entity.getContentLengthOption();
      if (declared.isPresent() && declared.getAsLong() > maxBytes) {
        return complete(error(StatusCodes.CONTENT_TOO_LARGE,
            "request body is " + declared.getAsLong() + " bytes, the limit is " + maxBytes));
      }
      return withSizeLimit(maxBytes, () -> extractStrictEntity(BODY_TIMEOUT, maxBytes,
          strict -> inner.apply(strict.getData())));
    });
  }

  /**
   * Reads an internal batch of events ({@value EventBatch#MEDIA_TYPE}, at most {@code maxBytes})
   * and answers it through {@code intake}: 204 once the events are handed to {@code handOff},
   * 400/429 JSON errors otherwise, 415/413 from {@link #body}.
   */
  protected Route eventBatch(long maxBytes, EventBatchIntake intake, Consumer<List<Event>> handOff) {
    return body(EVENT_BATCH, maxBytes, bytes -> complete(intake.take(bytes, handOff)));
  }

  /**
   * A presence count endpoint: reads a {@link PresenceQuery} body ({@code application/json}, at
   * most {@link PresenceQuery#MAX_BODY_BYTES}; 400 JSON when invalid, 415/413 from {@link #body})
   * and answers 200 {@code {"subscribers":{…}}} with what {@code count} finds, or 503 JSON if it
   * fails (a busy node's actors did not answer in time).
   */
  protected Route presenceCounts(Function<PresenceQuery, CompletionStage<Map<String, Integer>>> count) {
    return body(ContentTypes.APPLICATION_JSON.mediaType(), PresenceQuery.MAX_BODY_BYTES, bytes -> {
      PresenceQuery query;
      try {
        query = PresenceQuery.parse(bytes.toArrayUnsafe());
      } catch (IllegalArgumentException e) {
        return complete(error(Problem.invalid(e.getMessage())));
      }
      return completeWithFuture(count.apply(query)
          .thenApply(counts -> HttpResponse.create().withStatus(StatusCodes.OK)
              .withEntity(ContentTypes.APPLICATION_JSON, PresenceQuery.answer(counts)))
          .exceptionally(e -> error(TOO_BUSY_TO_COUNT)));
    });
  }

  /**
   * Cross-origin access for browsers: answers preflight requests and adds
   * {@code Access-Control-Allow-Origin} for origins in {@code allowedOrigins} ("*" or a comma
   * separated list; empty turns CORS off). Wrap it outside {@link #withJsonErrors} so error
   * responses carry the header too and pages can read them.
   */
  protected Route cors(String allowedOrigins, Supplier<Route> inner) {
    return optionalHeaderValueByName("Origin", origin -> {
      String allowed = origin.map(o -> allowedOrigin(allowedOrigins, o)).orElse(null);
      if (allowed == null) {
        return inner.get();
      }
      List<HttpHeader> headers = List.of(
          RawHeader.create("Access-Control-Allow-Origin", allowed), RawHeader.create("Vary", "Origin"));
      return respondWithHeaders(headers, () -> concat(
          options(() -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeaders(List.of(
              RawHeader.create("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"),
              RawHeader.create("Access-Control-Allow-Headers", "Content-Type, Authorization, Last-Event-ID"),
              RawHeader.create("Access-Control-Max-Age", "600"))))),
          inner.get()));
    });
  }

  /**
   * The {@code Access-Control-Allow-Origin} value for a request from {@code origin}: "*", the
   * origin itself, or null if {@code allowedOrigins} ("*", a comma separated list, or empty) does
   * not allow it.
   */
  public static String allowedOrigin(String allowedOrigins, String origin) {
    if (allowedOrigins.isBlank()) {
      return null;
    }
    if (allowedOrigins.trim().equals("*")) {
      return "*";
    }
    for (String candidate : allowedOrigins.split(",")) {
      if (candidate.trim().equals(origin)) {
        return origin;
      }
    }
    return null;
  }

  private static HttpResponse asJsonError(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict strict
        && !strict.getContentType().mediaType().equals(ContentTypes.APPLICATION_JSON.mediaType())) {
      String message = strict.getData().utf8String().trim();
      return response.withEntity(ContentTypes.APPLICATION_JSON,
          Json.bytes(Map.of("error", message.isEmpty() ? response.status().reason() : message)));
    }
    return response;
  }
}
