package io.rtdispatch.frontend.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import akka.util.ByteString;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import io.rtdispatch.common.testing.HostileBytes;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SubscriptionRequest#parse} is total: a request or a 400 message for any byte sequence. */
class SubscriptionRequestTest {

  private static final String BODY = "{\"connectionId\":\"c-1\",\"topic\":\"live:1\"}";

  private static SubscriptionRequest parse(byte[] body) throws ProblemException {
    return SubscriptionRequest.parse(ByteString.fromArrayUnsafe(body));
  }

  private static String refused(String body) {
    return refused(body.getBytes(UTF_8));
  }

  private static String refused(byte[] body) {
    ProblemException e = assertThrows(ProblemException.class, () -> parse(body));
    assertEquals(Problem.Kind.INVALID, e.problem().kind(), "every refusal is a 400: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void readsBothFieldsInAnyOrderAfterAnOptionalUtf8ByteOrderMark() throws Exception {
    assertEquals(new SubscriptionRequest("c-1", "live:1"), parse(BODY.getBytes(UTF_8)));
    assertEquals(new SubscriptionRequest("c", "t"), parse("\uFEFF {\"topic\":\"t\" , \"connectionId\":\"c\"}\n"
        .getBytes(UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE"})
  void refusesOtherUnicodeEncodings(String charset) {
    for (String text : List.of(BODY, "\uFEFF" + BODY)) {
      assertTrue(refused(text.getBytes(Charset.forName(charset))).contains("JSON must be UTF-8"));
    }
  }

  @Test
  void refusesWhatTheContractDoesNotAllow() {
    assertEquals("duplicate field 'topic'", refused("{\"connectionId\":\"c\",\"topic\":null,\"topic\":\"t\"}"));
    assertEquals("unexpected content after the JSON object", refused(BODY + "{}"));
    assertTrue(refused(BODY + "x").contains("not valid JSON"));
    assertEquals("topic must be a string", refused("{\"connectionId\":\"c\",\"topic\":[[[[[[\"t\"]]]]]]}"));
    assertEquals("connectionId must be a string", refused("{\"connectionId\":1" + "0".repeat(5000) + "}"));
    assertEquals("unknown field 'x' (expected connectionId and topic)", refused("{\"x\":" + "[".repeat(4000)));
    assertEquals("topic is required", refused("{\"connectionId\":\"c\",\"topic\":null}"));
    assertTrue(refused("{\"connectionId\":\"c\",\"topic\":\"t\\ud800\"}").contains("topic may contain only"));
    assertTrue(refused("{\"connectionId\":\"c\u0000\",\"topic\":\"t\"}").contains("is NUL"));
    assertTrue(refused(HexFormat.of().parseHex("7bc0af7d")).contains("byte 1 is not valid UTF-8"));
    for (String shape : List.of("", " ", "[]", "\"s\"", "1", "null", "{")) {
      assertFalse(refused(shape).isBlank(), shape);
    }
  }

  @Test
  void everyMutatedBodyGivesARequestOrARejection() {
    HostileBytes bodies = new HostileBytes(11, List.of(BODY, "{\"topic\":\"a:b\",\"connectionId\":\"x\\u0041\"}"));
    int rejected = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] body = bodies.next();
      try {
        SubscriptionRequest request = parse(body);
        assertTrue(Validation.topicProblem(request.topic()).isEmpty());
        assertTrue(!request.connectionId().isEmpty() && request.connectionId().length() <= 64);
      } catch (ProblemException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
        rejected++;
      } catch (Exception | Error e) {
        fail("body " + HexFormat.of().formatHex(body) + " gave " + e, e);
      }
    }
    assertTrue(rejected > 5_000 && rejected < 10_000, rejected + " of 10000 rejected");
  }

  @Test
  void aForwardedChangeCarriesTheTokensEndOnlyOnTheInternalPath() throws Exception {
    SubscriptionRequest request = new SubscriptionRequest("c-1", "live:1");
    Instant endsAt = Instant.ofEpochMilli(1_800_000_000_123L);
    ByteString withEnd = ByteString.fromArrayUnsafe(request.forwardedBody(endsAt));
    assertEquals(new SubscriptionRequest.Forwarded(request, endsAt), SubscriptionRequest.parseForwarded(withEnd));
    assertEquals(new SubscriptionRequest.Forwarded(request, null),
        SubscriptionRequest.parseForwarded(ByteString.fromArrayUnsafe(request.forwardedBody(null))));
    assertEquals("unknown field 'tokenEndsAt' (expected connectionId and topic)",
        assertThrows(ProblemException.class, () -> SubscriptionRequest.parse(withEnd)).getMessage());
    for (String end : List.of("\"soon\"", "1.5", "1e3", "99999999999999999999", "null")) {
      ByteString body = ByteString.fromString("{\"connectionId\":\"c\",\"topic\":\"t\",\"tokenEndsAt\":" + end + "}");
      assertTrue(assertThrows(ProblemException.class, () -> SubscriptionRequest.parseForwarded(body))
          .getMessage().contains("tokenEndsAt must be an integer"), end);
    }
  }
}
