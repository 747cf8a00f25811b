package io.rtdispatch.common.event;

import akka.util.ByteString;
import akka.util.ByteStringBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.rtdispatch.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One published event as it travels between nodes: its id and topic (for routing) and its
 * envelope, the exact single-line JSON a client receives as the SSE {@code data:} line.
 *
 * <p>The envelope is encoded once, by the dispatcher that accepted the publish, and passed on as
 * bytes: frontends and peer data centers only read its {@code id} and {@code topic} back, never
 * re-serialize it, so the published {@code data} reaches clients verbatim.
 */
public record Event(String id, String topic, ByteString envelope) {

  private static final byte[] ID = ascii("{\"id\":\"");
  private static final byte[] TOPIC = ascii("\",\"topic\":\"");
  private static final byte[] TYPE = ascii("\",\"type\":\"");
  private static final byte[] DATA = ascii("\",\"data\":");
  private static final byte[] PUBLISHED_AT = ascii(",\"publishedAt\":");

  /**
   * Builds the envelope {@code {"id","topic","type","data","publishedAt"}}. The id, topic and
   * type must already be valid (their alphabets need no JSON escaping) and {@code data} must be
   * one JSON value on a single line.
   */
  public static Event create(String id, String topic, String type, byte[] data, long publishedAt) {
    ByteStringBuilder b = new ByteStringBuilder();
    b.putBytes(ID).putBytes(ascii(id))
        .putBytes(TOPIC).putBytes(ascii(topic))
        .putBytes(TYPE).putBytes(ascii(type))
        .putBytes(DATA).putBytes(data)
        .putBytes(PUBLISHED_AT).putBytes(ascii(Long.toString(publishedAt)))
        .putByte((byte) '}');
    return new Event(id, topic, b.result());
  }

  /**
   * Reads id and topic back from an envelope received from another node. Only the leading fields
   * are parsed; the rest of the line is kept as is.
   */
  public static Event parse(ByteString envelope) throws MalformedEventException {
    String id = null;
    String topic = null;
    try (JsonParser p = Json.FACTORY.createParser(envelope.toArrayUnsafe())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedEventException("an event envelope must be a JSON object");
      }
      while ((id == null || topic == null) && p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken value = p.nextToken();
        if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
          id = p.getText();
        } else if ("topic".equals(field) && value == JsonToken.VALUE_STRING) {
          topic = p.getText();
        } else {
          p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("an event envelope is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedEventException("an event envelope could not be read");
    }
    if (id == null || topic == null) {
      throw new MalformedEventException("an event envelope needs string fields id and topic");
    }
    String topicError = Validation.topicError(topic);
    if (topicError != null) {
      throw new MalformedEventException(topicError);
    }
    if (id.isEmpty() || id.length() > 100 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new MalformedEventException("an event id must be 1-100 printable ASCII characters");
    }
    return new Event(id, topic, envelope);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** An envelope from another node that cannot be routed; rejected with a 400. */
  public static final class MalformedEventException extends Exception {
    public MalformedEventException(String message) {
      super(message, null, false, false);
    }
  }
}
