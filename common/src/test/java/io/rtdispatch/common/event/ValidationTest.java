package io.rtdispatch.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rtdispatch.common.problem.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  private static final String TOPIC_RULE = "topic may contain only A-Z a-z 0-9 . _ : @ - ";
  private static final String TYPE_RULE = "type may contain only a-z 0-9 _ - ";

  private static String topicError(String topic) {
    return message(Validation.topicProblem(topic));
  }

  private static String typeError(String type) {
    return message(Validation.typeProblem(type));
  }

  /** The problem's sentence, or null when valid; every problem a check returns is INVALID (a 400). */
  static String message(Optional<Problem> problem) {
    problem.ifPresent(p -> assertEquals(Problem.Kind.INVALID, p.kind(), p.message()));
    return problem.map(Problem::message).orElse(null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "7", "live:42", "member:7", "user@example.com", "a.b_c-d:e@f",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-", ".", "-", "@", ":", "_"})
  void acceptsTopicsMadeOfTheAllowedCharacters(String topic) {
    assertNull(topicError(topic));
  }

  @Test
  void acceptsTopicOfExactlyTwoHundredCharacters() {
    assertNull(topicError("t".repeat(200)));
  }

  @Test
  void rejectsTopicOfTwoHundredAndOneCharactersWithLengthAndLimit() {
    assertEquals("topic is 201 characters long, the limit is 200", topicError("t".repeat(201)));
  }

  @Test
  void rejectsEmptyTopic() {
    assertEquals("topic is required", topicError(""));
  }

  @Test
  void rejectsMissingTopic() {
    assertEquals("topic is required", topicError(null));
  }

  @Test
  void rejectsSpaceInTopicNamingCharacterAndPosition() {
    assertEquals(TOPIC_RULE + "(found ' ' at position 4)", topicError("live 42"));
  }

  @Test
  void rejectsSlashInTopicNamingCharacterAndPosition() {
    assertEquals(TOPIC_RULE + "(found '/' at position 0)", topicError("/live"));
  }

  @Test
  void rejectsPipeInTopicBecauseItSeparatesBindings() {
    assertEquals(TOPIC_RULE + "(found '|' at position 3)", topicError("abc|def"));
  }

  @Test
  void rejectsNonAsciiLetterInTopic() {
    assertEquals(TOPIC_RULE + "(found 'é' at position 2)", topicError("caé"));
  }

  @Test
  void rejectsNonAsciiDigitInTopic() {
    // ARABIC-INDIC DIGIT ONE is a digit to Character.isDigit but not to the contract.
    assertEquals(TOPIC_RULE + "(found '\u0661' at position 5)", topicError("live:\u0661"));
  }

  @Test
  void rejectsControlCharacterInTopicShowingItEscaped() {
    assertEquals(TOPIC_RULE + "(found '\\u000a' at position 1)", topicError("a\nb"));
    assertEquals(TOPIC_RULE + "(found '\\u0000' at position 0)", topicError("\u0000"));
    assertEquals(TOPIC_RULE + "(found '\\u001f' at position 2)", topicError("ab\u001f"));
  }

  @Test
  void rejectsDeleteCharacterInTopicShowingItEscaped() {
    assertEquals(TOPIC_RULE + "(found '\\u007f' at position 1)", topicError("a\u007f"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"#", "\"", "\\", "*", "+", ",", ";", "=", "?", "[", "]", "{", "}", "~", "%", "&", "'", "!",
      "$", "(", ")", "<", ">", "^", "`"})
  void rejectsEveryOtherAsciiPunctuationInTopicNamingIt(String bad) {
    assertEquals(TOPIC_RULE + "(found '" + bad + "' at position 2)", topicError("ab" + bad + "cd"));
  }

  @Test
  void reportsTheFirstBadCharacterOfTopic() {
    assertEquals(TOPIC_RULE + "(found '/' at position 1)", topicError("a/ b"));
  }

  @Test
  void checksLengthBeforeCharacters() {
    assertEquals("topic is 201 characters long, the limit is 200", topicError(" ".repeat(201)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"like", "message", "a", "z9", "comment_added", "viewer-count", "a0_-"})
  void acceptsTypesStartingWithLowercaseLetter(String type) {
    assertNull(typeError(type));
  }

  @Test
  void acceptsTypeOfExactlyThirtyTwoCharacters() {
    assertNull(typeError("a".repeat(32)));
  }

  @Test
  void rejectsTypeOfThirtyThreeCharactersWithLengthAndLimit() {
    assertEquals("type is 33 characters long, the limit is 32", typeError("a".repeat(33)));
  }

  @Test
  void rejectsEmptyAndMissingType() {
    assertEquals("type must not be empty", typeError(""));
    assertEquals("type must not be empty", typeError(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1like", "_like", "-like", "Like", "é", " like"})
  void rejectsTypeNotStartingWithLowercaseLetter(String type) {
    assertEquals("type must start with a lowercase letter a-z", typeError(type));
  }

  @Test
  void rejectsUppercaseInsideTypeNamingCharacterAndPosition() {
    assertEquals(TYPE_RULE + "(found 'L' at position 2)", typeError("liLe"));
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ":", "@", " ", "/", "|", "é"})
  void rejectsTopicOnlyCharactersInType(String bad) {
    assertEquals(TYPE_RULE + "(found '" + bad + "' at position 1)", typeError("a" + bad));
  }

  @Test
  void rejectsControlCharacterInTypeShowingItEscaped() {
    assertEquals(TYPE_RULE + "(found '\\u0009' at position 3)", typeError("abc\tdef"));
  }
}
