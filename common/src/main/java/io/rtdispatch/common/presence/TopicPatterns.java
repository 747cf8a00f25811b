package io.rtdispatch.common.presence;

import io.rtdispatch.common.event.Validation;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of topic patterns: each an exact topic name, or a prefix ending in {@code *}
 * ({@code live:*} matches {@code live:42}); a lone {@code *} matches every topic. The syntax of
 * {@code rtd.presence.push-topics} (issue 11: "topics matching configured patterns, e.g. live:*").
 *
 * @param patterns the patterns as configured, in order
 */
public record TopicPatterns(List<String> patterns) {

  /** Most patterns in one list: matching is linear in their number. */
  public static final int MAX_PATTERNS = 100;

  public TopicPatterns {
    patterns = List.copyOf(patterns);
  }

  /**
   * Parses a comma separated list ("" is none).
   *
   * @param setting the setting's name, for the error message
   * @throws IllegalArgumentException naming the first invalid pattern
   */
  public static TopicPatterns parse(String list, String setting) {
    List<String> patterns = new ArrayList<>();
    for (String raw : list.split(",")) {
      String pattern = raw.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      String problem = error(pattern);
      if (problem != null) {
        throw new IllegalArgumentException(setting + ": '" + pattern + "' is not a topic pattern: " + problem);
      }
      patterns.add(pattern);
    }
    if (patterns.size() > MAX_PATTERNS) {
      throw new IllegalArgumentException(setting + ": at most " + MAX_PATTERNS + " patterns, got " + patterns.size());
    }
    return new TopicPatterns(patterns);
  }

  /** Null if {@code pattern} is a topic, a topic prefix followed by {@code *}, or {@code *}; else why not. */
  public static String error(String pattern) {
    if (pattern == null) {
      return "it is missing";
    }
    if (pattern.equals("*")) {
      return null;
    }
    String topic = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    return Validation.topicError(topic);
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  public boolean matches(String topic) {
    for (String pattern : patterns) {
      if (pattern.endsWith("*") ? topic.startsWith(pattern.substring(0, pattern.length() - 1))
          : topic.equals(pattern)) {
        return true;
      }
    }
    return false;
  }
}
