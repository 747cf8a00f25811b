package io.rtdispatch.common.presence;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtdispatch.common.event.TopicPatterns;
import io.rtdispatch.common.event.Validation;
import io.rtdispatch.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The node-to-node presence exchange: a dispatcher POSTs {@code {"topics":[…],"patterns":[…]}}
 * (either list may be absent) to a frontend's {@code /internal/subscribers} or a peer dispatcher's
 * {@code /internal/presence}, and gets {@code {"subscribers":{"<topic>":<n>,…}}} back: the open
 * connections subscribed to each named topic and to each topic matching a pattern. Topics with no
 * subscriber may be left out of the answer (they count 0).
 *
 * @param topics exact topic names, each valid
 * @param patterns {@link TopicPatterns} syntax, at most {@link #MAX_PATTERNS}
 */
public record PresenceQuery(List<String> topics, TopicPatterns patterns) {

  /** Most topics in one query; callers split longer lists. */
  public static final int MAX_TOPICS = 1000;

  /** Most patterns in one query: matching is linear in their number. */
  public static final int MAX_PATTERNS = 100;

  /** Largest query body: {@link #MAX_TOPICS} topics of the longest length, with room for patterns. */
  public static final long MAX_BODY_BYTES = 512 * 1024;

  private static final ObjectMapper READER = new ObjectMapper(Json.factory(
      new Json.Limits(MAX_BODY_BYTES, 4, Validation.MAX_TOPIC_LENGTH + 1)));

  public PresenceQuery {
    topics = List.copyOf(topics);
  }

  /** The request body. */
  public byte[] encode() {
    return Json.bytes(Map.of("topics", topics, "patterns", patterns.patterns()));
  }

  /**
   * Reads a request body.
   *
   * @throws IllegalArgumentException saying what is wrong (answered 400)
   */
  public static PresenceQuery parse(byte[] body) {
    JsonNode root;
    try (JsonParser parser = Json.parser(READER.getFactory(), body)) {
      root = READER.readTree(parser);
    } catch (IOException e) {
      throw new IllegalArgumentException("request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("request body must be {\"topics\":[…],\"patterns\":[…]}");
    }
    List<String> topics = strings(root, "topics");
    for (String topic : topics) {
      Validation.topicProblem(topic).ifPresent(problem -> {
        throw new IllegalArgumentException(problem.message());
      });
    }
    List<String> patterns = strings(root, "patterns");
    if (topics.size() > MAX_TOPICS || patterns.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException("at most " + MAX_TOPICS + " topics and " + MAX_PATTERNS
          + " patterns per query");
    }
    return new PresenceQuery(topics, TopicPatterns.of(patterns)); // IllegalArgumentException for a bad pattern
  }

  /** The answer body for {@code counts}. */
  public static byte[] answer(Map<String, Integer> counts) {
    return Json.bytes(Map.of("subscribers", counts));
  }

  /**
   * Reads an answer body.
   *
   * @throws IllegalArgumentException when it is not {@code {"subscribers":{…}}} with counts
   */
  public static Map<String, Integer> parseAnswer(byte[] body) {
    try (JsonParser parser = Json.parser(READER.getFactory(), body)) {
      JsonNode root = READER.readTree(parser);
      JsonNode counts = root.get("subscribers");
      Map<String, Integer> result = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getValue().canConvertToInt()) {
          throw new IllegalArgumentException("count of " + entry.getKey() + " is not a number");
        }
        result.put(entry.getKey(), entry.getValue().intValue());
      }
      return result;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a presence answer: " + e.getMessage());
    }
  }

  private static List<String> strings(JsonNode root, String field) {
    JsonNode array = root.get(field);
    List<String> values = new ArrayList<>();
    if (array == null || array.isNull()) {
      return values;
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException(field + " must be an array of strings");
    }
    for (JsonNode value : array) {
      if (!value.isTextual()) {
        throw new IllegalArgumentException(field + " must be an array of strings");
      }
      values.add(value.textValue());
    }
    return values;
  }
}
