package io.rtdispatch.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.rtdispatch.common.http.server.JsonResponses;
import io.rtdispatch.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one mapping from a {@link Problem}'s kind to what a client sees, checked against the
 * contract's error table (docs/api.md, "Errors"): the status, {@code Retry-After} on the transient
 * kinds only, and the {@code {"error": message}} body, the same from the Akka HTTP routes and from
 * the Netty handlers.
 */
class ProblemAnswersTest {

  /** Status and Retry-After (seconds, null for none) per kind, as docs/api.md states them. */
  private static final Map<Problem.Kind, Object[]> CONTRACT = Map.of(
      Problem.Kind.INVALID, new Object[] {400, null},
      Problem.Kind.UNAUTHORIZED, new Object[] {401, null},
      Problem.Kind.FORBIDDEN, new Object[] {403, null},
      Problem.Kind.NOT_FOUND, new Object[] {404, null},
      Problem.Kind.TOO_LARGE, new Object[] {413, null},
      Problem.Kind.LIMIT_REACHED, new Object[] {429, null},
      Problem.Kind.BUSY, new Object[] {429, "1"},
      Problem.Kind.UNAVAILABLE, new Object[] {503, "1"});

  @ParameterizedTest
  @EnumSource(Problem.Kind.class)
  void theRoutesAnswerEachKindWithItsContractStatusAndTheMessageAsJson(Problem.Kind kind) {
    HttpResponse response = HttpSupport.error(new Problem(kind, "what is \"wrong\""));
    assertEquals(CONTRACT.get(kind)[0], response.status().intValue(), kind.name());
    assertEquals(CONTRACT.get(kind)[1], response.getHeader("Retry-After")
        .map(h -> h.value()).orElse(null), kind.name());
    assertEquals("application/json", response.entity().getContentType().mediaType().toString());
    assertEquals("{\"error\":\"what is \\\"wrong\\\"\"}",
        ((HttpEntity.Strict) response.entity()).getData().utf8String());
  }

  @ParameterizedTest
  @EnumSource(Problem.Kind.class)
  void nettyAnswersEachKindAsTheRoutesDo(Problem.Kind kind) {
    FullHttpResponse response = JsonResponses.error(new Problem(kind, "what is wrong"), "*");
    try {
      assertEquals(CONTRACT.get(kind)[0], response.status().code(), kind.name());
      assertEquals(CONTRACT.get(kind)[1], response.headers().get(HttpHeaderNames.RETRY_AFTER), kind.name());
      assertEquals("{\"error\":\"what is wrong\"}", response.content().toString(StandardCharsets.UTF_8));
      assertEquals("*", response.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN));
    } finally {
      response.release();
    }
  }

  @Test
  void aPrefixKeepsTheKind() {
    assertEquals(new Problem(Problem.Kind.TOO_LARGE, "event 2: data is too big"),
        new Problem(Problem.Kind.TOO_LARGE, "data is too big").prefixed("event 2: "));
  }
}
