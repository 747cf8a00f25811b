package io.rtdispatch.common.event;

/**
 * The contract's rules for topics and event types, checked by hand rather than by regex because
 * every publish and every subscribe runs them. Each check returns {@code null} when the value is
 * valid, otherwise a sentence that can go straight into a 400 response.
 */
public final class Validation {

  public static final int MAX_TOPIC_LENGTH = 200;
  public static final int MAX_TYPE_LENGTH = 32;

  private Validation() {}

  public static String topicError(String topic) {
    if (topic == null || topic.isEmpty()) {
      return "topic is required";
    }
    if (topic.length() > MAX_TOPIC_LENGTH) {
      return "topic is " + topic.length() + " characters long, the limit is " + MAX_TOPIC_LENGTH;
    }
    for (int i = 0; i < topic.length(); i++) {
      if (!isTopicChar(topic.charAt(i))) {
        return "topic may contain only A-Z a-z 0-9 . _ : @ - (found '" + printable(topic.charAt(i))
            + "' at position " + i + ")";
      }
    }
    return null;
  }

  public static String typeError(String type) {
    if (type == null || type.isEmpty()) {
      return "type must not be empty";
    }
    if (type.length() > MAX_TYPE_LENGTH) {
      return "type is " + type.length() + " characters long, the limit is " + MAX_TYPE_LENGTH;
    }
    if (type.charAt(0) < 'a' || type.charAt(0) > 'z') {
      return "type must start with a lowercase letter a-z";
    }
    for (int i = 1; i < type.length(); i++) {
      char c = type.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return "type may contain only a-z 0-9 _ - (found '" + printable(c) + "' at position " + i + ")";
      }
    }
    return null;
  }

  private static boolean isTopicChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
  }

  private static String printable(char c) {
    return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }
}
