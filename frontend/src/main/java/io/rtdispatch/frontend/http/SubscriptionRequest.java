package io.rtdispatch.frontend.http;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST} and {@code DELETE /subscriptions}: {@code {"connectionId":"…","topic":"…"}}.
 *
 * <p>Read with a streaming parser that stops at the first thing the contract does not allow (an
 * unknown or repeated field, a value that is not a string, content after the object), so a
 * hostile body is never built into a tree. Bodies must be UTF-8 JSON text ({@link Json#parser}).
 *
 * <p>A change forwarded to the frontend holding the stream ({@code /internal/subscriptions},
 * {@link Forwarded}) has the same body plus, when the receiving frontend checked a subscribe
 * token that expires, {@code "tokenEndsAt":<epoch ms>}.
 */
record SubscriptionRequest(String connectionId, String topic) {

  private static final JsonFactory JSON = Json.factory(Json.Limits.SMALL);
  private static final List<String> FIELDS = List.of("connectionId", "topic");
  private static final List<String> FORWARDED_FIELDS = List.of("connectionId", "topic", "tokenEndsAt");
  private static final String SHAPE = "request body must be a JSON object {\"connectionId\":\"…\",\"topic\":\"…\"}";

  /**
   * A change forwarded by another frontend of the data center.
   *
   * @param tokenEndsAt when the subscribe token checked there stops being valid, or null
   */
  record Forwarded(SubscriptionRequest request, Instant tokenEndsAt) {}

  /** @throws ProblemException an {@link Problem.Kind#INVALID} problem naming the first thing wrong */
  static SubscriptionRequest parse(ByteString body) throws ProblemException {
    return read(body, FIELDS).request();
  }

  /** Reads the body of {@code /internal/subscriptions}; @throws ProblemException as {@link #parse} */
  static Forwarded parseForwarded(ByteString body) throws ProblemException {
    return read(body, FORWARDED_FIELDS);
  }

  /** The body of {@code /internal/subscriptions} for this change ({@link #parseForwarded} reads it). */
  byte[] forwardedBody(Instant tokenEndsAt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("connectionId", connectionId);
    body.put("topic", topic);
    if (tokenEndsAt != null) {
      body.put("tokenEndsAt", tokenEndsAt.toEpochMilli());
    }
    return Json.bytes(body);
  }

  private static Forwarded read(ByteString body, List<String> fields) throws ProblemException {
    try (JsonParser p = Json.parser(JSON, body.toArrayUnsafe())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(SHAPE);
      }
      String[] values = new String[2];
      Long endsAt = null;
      boolean[] seen = new boolean[fields.size()];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int index = fields.indexOf(field);
        if (index < 0) {
          throw invalid("unknown field '" + field + "' (expected connectionId and topic)");
        }
        if (seen[index]) {
          throw invalid("duplicate field '" + field + "'");
        }
        seen[index] = true;
        if (index < values.length) {
          values[index] = string(p, field);
        } else {
          endsAt = epochMillis(p, field);
        }
      }
      if (p.nextToken() != null) {
        throw invalid("unexpected content after the JSON object");
      }
      return new Forwarded(checked(values[0], values[1]), endsAt == null ? null : Instant.ofEpochMilli(endsAt));
    } catch (JsonProcessingException e) {
      throw invalid("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("request body could not be read");
    }
  }

  private static long epochMillis(JsonParser p, String field) throws IOException, ProblemException {
    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
        && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw invalid(field + " must be an integer (epoch milliseconds)");
    }
    return p.getLongValue();
  }

  private static SubscriptionRequest checked(String connectionId, String topic) throws ProblemException {
    if (connectionId == null) {
      throw invalid("connectionId is required");
    }
    if (topic == null) {
      throw invalid("topic is required");
    }
    Optional<Problem> problem = Validation.topicProblem(topic);
    if (problem.isPresent()) {
      throw problem.get().exception();
    }
    if (connectionId.isEmpty() || connectionId.length() > 64) {
      throw invalid("connectionId must be 1-64 characters");
    }
    return new SubscriptionRequest(connectionId, topic);
  }

  /** The string value of {@code field}; null (JSON null) counts as missing. */
  private static String string(JsonParser p, String field) throws IOException, ProblemException {
    JsonToken value = p.nextToken();
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw invalid(field + " must be a string");
    }
    return p.getText();
  }

  private static ProblemException invalid(String message) {
    return Problem.invalid(message).exception();
  }
}
