package io.rtdispatch.common.event;

import io.rtdispatch.common.problem.Problem;
import java.util.Optional;

/**
 * The contract's rules for topics and event types, checked by hand rather than by regex because
 * every publish and every subscribe runs them. Each check returns nothing when the value is valid,
 * otherwise an {@link Problem.Kind#INVALID} problem whose sentence names the rule and the first
 * character that breaks it (docs/api.md, "Topics" and "Publishing").
 */
public final class Validation {

  public static final int MAX_TOPIC_LENGTH = 200;
  public static final int MAX_TYPE_LENGTH = 32;

  private Validation() {}

  /** Checks a topic: 1-{@value #MAX_TOPIC_LENGTH} characters of {@code A-Z a-z 0-9 . _ : @ -}. */
  public static Optional<Problem> topicProblem(String topic) {
    if (topic == null || topic.isEmpty()) {
      return invalid("topic is required");
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      return invalid("topic is " + topic.length() + " characters long, the limit is " + MAX_TOPIC_LENGTH);
    }
    for (int i = 0; i < topic.length(); i++) {
      if (!isTopicChar(topic.charAt(i))) {
        return invalid("topic may contain only A-Z a-z 0-9 . _ : @ - (found '" + printable(topic.charAt(i))
            + "' at position " + i + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Checks an event type: 1-{@value #MAX_TYPE_LENGTH} characters of {@code a-z 0-9 _ -} starting
   * with a letter.
   */
  public static Optional<Problem> typeProblem(String type) {
    if (type == null || type.isEmpty()) {
      return invalid("type must not be empty");
    }
    if (type.length() > MAX_TYPE_LENGTH) {
      return invalid("type is " + type.length() + " characters long, the limit is " + MAX_TYPE_LENGTH);
    }
    if (type.charAt(0) < 'a' || type.charAt(0) > 'z') {
      return invalid("type must start with a lowercase letter a-z");
    }
    for (int i = 1; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return invalid("type may contain only a-z 0-9 _ - (found '" + printable(c) + "' at position " + i + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> invalid(String message) {
    return Optional.of(Problem.invalid(message));
  }

  private static boolean isTopicChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
