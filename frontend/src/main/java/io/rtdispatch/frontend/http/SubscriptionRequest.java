package io.rtdispatch.frontend.http;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** @throws InvalidRequestException naming the first problem (answered 400) */
  static SubscriptionRequest parse(ByteString body) throws InvalidRequestException {
    return read(body, FIELDS).request();
  }

  /** Reads the body of {@code /internal/subscriptions}; @throws InvalidRequestException as {@link #parse} */
  static Forwarded parseForwarded(ByteString body) throws InvalidRequestException {
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

  private static Forwarded read(ByteString body, List<String> fields) throws InvalidRequestException {
    try (JsonParser p = Json.parser(JSON, body.toArrayUnsafe())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException(SHAPE);
      }
      String[] values = new String[2];
      Long endsAt = null;
      boolean[] seen = new boolean[fields.size()];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int index = fields.indexOf(field);
        if (index < 0) {
          throw new InvalidRequestException("unknown field '" + field + "' (expected connectionId and topic)");
        }
        if (seen[index]) {
          throw new InvalidRequestException("duplicate field '" + field + "'");
        }
        seen[index] = true;
        if (index < values.length) {
          values[index] = string(p, field);
        } else {
          endsAt = epochMillis(p, field);
        }
      }
      if (p.nextToken() != null) {
        throw new InvalidRequestException("unexpected content after the JSON object");
      }
      return new Forwarded(checked(values[0], values[1]), endsAt == null ? null : Instant.ofEpochMilli(endsAt));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("request body could not be read");
    }
  }

  private static long epochMillis(JsonParser p, String field) throws IOException, InvalidRequestException {
    if (p.nextToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
        && p.getNumberType() != JsonParser.NumberType.LONG) {
      throw new InvalidRequestException(field + " must be an integer (epoch milliseconds)");
    }
    return p.getLongValue();
  }

  private static SubscriptionRequest checked(String connectionId, String topic) throws InvalidRequestException {
    if (connectionId == null) {
      throw new InvalidRequestException("connectionId is required");
    }
    if (topic == null) {
      throw new InvalidRequestException("topic is required");
    }
    String problem = Validation.topicError(topic);
    if (problem != null) {
      throw new InvalidRequestException(problem);
    }
    if (connectionId.isEmpty() || connectionId.length() > 64) {
      throw new InvalidRequestException("connectionId must be 1-64 characters");
    }
    return new SubscriptionRequest(connectionId, topic);
  }

  /** The string value of {@code field}; null (JSON null) counts as missing. */
  private static String string(JsonParser p, String field) throws IOException, InvalidRequestException {
    JsonToken value = p.nextToken();
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidRequestException(field + " must be a string");
    }
    return p.getText();
  }

  static final class InvalidRequestException extends Exception {
    InvalidRequestException(String message) {
      super(message, null, false, false);
    }
  }
}
