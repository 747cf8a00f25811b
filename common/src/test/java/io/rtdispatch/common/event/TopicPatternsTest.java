package io.rtdispatch.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicPatternsTest {

  @Test
  void exactNamesMatchOnlyThemselves() {
    assertMatching("member:7, status", List.of("member:7", "status"), List.of("member:70", "member:", "Status"));
  }

  @Test
  void aTrailingStarMatchesEveryTopicWithThatPrefix() {
    assertMatching("live:*", List.of("live:42", "live:"), List.of("live", "member:7"));
    assertMatching("*", List.of("anything", "a"), List.of());
  }

  private static void assertMatching(String patterns, List<String> matching, List<String> others) {
    TopicPatterns parsed = TopicPatterns.parse(patterns);
    matching.forEach(topic -> assertTrue(parsed.matches(topic), patterns + " should match " + topic));
    others.forEach(topic -> assertFalse(parsed.matches(topic), patterns + " should not match " + topic));
  }

  @Test
  void blanksAreIgnoredAndNothingMatchesNone() {
    assertTrue(TopicPatterns.parse(" , ").isEmpty());
    assertFalse(TopicPatterns.NONE.matches("a"));
    assertEquals("a,b:*", TopicPatterns.parse(" a ,b:*").toString());
  }

  @Test
  void aStarAnywhereButTheEndOrABadTopicIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicPatterns.parse("live:*:x"));
    assertTrue(e.getMessage().contains("live:*:x"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicPatterns.of(List.of("a b")));
    assertThrows(IllegalArgumentException.class, () -> TopicPatterns.of(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> TopicPatterns.of(List.of("**")));
  }
}
