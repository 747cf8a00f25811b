package io.rtdispatch.frontend.http;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import java.io.IOException;
import java.util.Iterator;

/** The body of {@code POST} and {@code DELETE /subscriptions}: {@code {"connectionId":"…","topic":"…"}}. */
record SubscriptionRequest(String connectionId, String topic) {

  static SubscriptionRequest parse(ByteString body) throws InvalidRequestException {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body.toArrayUnsafe());
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRequestException("request body could not be read");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException("request body must be a JSON object {\"connectionId\":\"…\",\"topic\":\"…\"}");
    }
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!field.equals("connectionId") && !field.equals("topic")) {
        throw new InvalidRequestException("unknown field '" + field + "' (expected connectionId and topic)");
      }
    }
    String connectionId = requiredString(node, "connectionId");
    String topic = requiredString(node, "topic");
    String problem = Validation.topicError(topic);
    if (problem != null) {
      throw new InvalidRequestException(problem);
    }
    if (connectionId.isEmpty() || connectionId.length() > 64) {
      throw new InvalidRequestException("connectionId must be 1-64 characters");
    }
    return new SubscriptionRequest(connectionId, topic);
  }

  private static String requiredString(JsonNode node, String field) throws InvalidRequestException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidRequestException(field + " is required");
    }
    if (!value.isTextual()) {
      throw new InvalidRequestException(field + " must be a string");
    }
    return value.textValue();
  }

  static final class InvalidRequestException extends Exception {
    InvalidRequestException(String message) {
      super(message, null, false, false);
    }
  }
}
