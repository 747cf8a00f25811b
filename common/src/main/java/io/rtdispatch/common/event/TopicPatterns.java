package io.rtdispatch.common.event;

import io.rtdispatch.common.problem.Problem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A set of topic patterns, the syntax of {@code RTD_PUBLIC_TOPICS}, of a subscribe token's
 * {@code topics} claim and of {@code RTD_PRESENCE_TOPICS}: each pattern is an exact topic name ({@code member:7}) or a prefix ending
 * in {@code *} ({@code live:*}; {@code *} alone is every topic). {@code *} is not a topic
 * character ({@link Validation#topicProblem}), so a pattern can never be mistaken for a topic.
 */
public final class TopicPatterns {

  /** Matches no topic. */
  public static final TopicPatterns NONE = new TopicPatterns(List.of(), List.of());

  private final List<String> exact;
  private final List<String> prefixes;

  private TopicPatterns(List<String> exact, List<String> prefixes) {
    this.exact = exact;
    this.prefixes = prefixes;
  }

  /**
   * The patterns of a comma-separated list ({@code "news:*, status"}); blanks around and between
   * items are ignored, so {@code ""} gives {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the first pattern that is neither a topic nor a prefix and {@code *}
   */
  public static TopicPatterns parse(String commaSeparated) {
    List<String> items = new ArrayList<>();
    for (String item : commaSeparated.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return of(items);
  }

  /**
   * The patterns {@code patterns}, each exactly as written (no trimming).
   *
   * @throws IllegalArgumentException naming the first pattern that is neither a topic nor a prefix and {@code *}
   */
  public static TopicPatterns of(Collection<String> patterns) {
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String pattern : patterns) {
      boolean prefix = pattern.endsWith("*");
      String body = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
      Optional<Problem> problem = prefix && body.isEmpty() ? Optional.empty() : Validation.topicProblem(body);
      if (problem.isPresent()) {
        throw new IllegalArgumentException("topic pattern '" + pattern + "' is neither a topic nor a prefix "
            + "followed by '*': " + problem.get().message());
      }
      (prefix ? prefixes : exact).add(body);
    }
    return new TopicPatterns(List.copyOf(exact), List.copyOf(prefixes));
  }

  /** Whether {@code topic} equals one of the exact names or starts with one of the prefixes. */
  public boolean matches(String topic) {
    if (exact.contains(topic)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (topic.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }

  /** The patterns as written: exact names first, then prefixes with their {@code *}. */
  public List<String> patterns() {
    List<String> all = new ArrayList<>(exact);
    prefixes.forEach(prefix -> all.add(prefix + "*"));
    return all;
  }

  /** The patterns as configured, comma-separated (for the start-up log line). */
  @Override
  public String toString() {
    return String.join(",", patterns());
  }
}
