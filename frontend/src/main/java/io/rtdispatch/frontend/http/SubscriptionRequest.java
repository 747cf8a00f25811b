package io.rtdispatch.frontend.http;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import java.io.IOException;
import java.util.List;

/**
 * The body of {@code POST} and {@code DELETE /subscriptions}: {@code {"connectionId":"…","topic":"…"}}.
 *
 * <p>Read with a streaming parser that stops at the first thing the contract does not allow (an
 * unknown or repeated field, a value that is not a string, content after the object), so a
 * hostile body is never built into a tree. Bodies must be UTF-8 JSON text ({@link Json#parser}).
 */
record SubscriptionRequest(String connectionId, String topic) {

  private static final JsonFactory JSON = Json.factory(Json.Limits.SMALL);
  private static final List<String> FIELDS = List.of("connectionId", "topic");
  private static final String SHAPE = "request body must be a JSON object {\"connectionId\":\"…\",\"topic\":\"…\"}";

  /** @throws InvalidRequestException naming the first problem (answered 400) */
  static SubscriptionRequest parse(ByteString body) throws InvalidRequestException {
    try (JsonParser p = Json.parser(JSON, body.toArrayUnsafe())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidRequestException(SHAPE);
      }
      String[] values = new String[FIELDS.size()];
      boolean[] seen = new boolean[FIELDS.size()];
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        int index = FIELDS.indexOf(field);
        if (index < 0) {
          throw new InvalidRequestException("unknown field '" + field + "' (expected connectionId and topic)");
        }
        if (seen[index]) {
          throw new InvalidRequestException("duplicate field '" + field + "'");
        }
        seen[index] = true;
        values[index] = string(p, field);
      }
      if (p.nextToken() != null) {
        throw new InvalidRequestException("unexpected content after the JSON object");
      }
      return checked(values[0], values[1]);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("request body could not be read");
    }
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
