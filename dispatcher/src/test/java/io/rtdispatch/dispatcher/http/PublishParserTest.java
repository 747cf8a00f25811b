package io.rtdispatch.dispatcher.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtdispatch.dispatcher.http.PublishParser.Draft;
import io.rtdispatch.dispatcher.http.PublishParser.Parsed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.rtdispatch.common.problem.Problem;
import io.rtdispatch.common.problem.ProblemException;

class PublishParserTest {

  private static final String TOPIC_RULE = "topic may contain only A-Z a-z 0-9 . _ : @ - ";

  private final PublishParser parser = new PublishParser(5, 64, 100, 1 << 20);

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private Parsed parse(String body) throws ProblemException {
    return parser.parse(utf8(body));
  }

  private Draft single(String body) throws ProblemException {
    Parsed parsed = parse(body);
    assertFalse(parsed.batch());
    assertEquals(1, parsed.drafts().size());
    return parsed.drafts().get(0);
  }

  /** The data bytes of {@code {"topic":"t","data":<data>}}, as a string for readable failures. */
  private String dataOf(String data) throws ProblemException {
    PublishParser roomy = new PublishParser(5, 65536, 100, 1 << 20);
    byte[] bytes = roomy.parse(utf8("{\"topic\":\"t\",\"data\":" + data + "}")).drafts().get(0).data();
    return new String(bytes, UTF_8);
  }

  private ProblemException badRequest(PublishParser p, String body) {
    ProblemException e = assertThrows(ProblemException.class, () -> p.parse(utf8(body)));
    assertEquals(Problem.Kind.INVALID, e.problem().kind(), e.getMessage());
    return e;
  }

  private ProblemException badRequest(String body) {
    return badRequest(parser, body);
  }

  private ProblemException tooLarge(PublishParser p, String body) {
    ProblemException e = assertThrows(ProblemException.class, () -> p.parse(utf8(body)));
    assertEquals(Problem.Kind.TOO_LARGE, e.problem().kind(), e.getMessage());
    return e;
  }

  // --- accepted bodies ---

  @Test
  void parsesSingleObject() throws Exception {
    Draft draft = single("{\"topic\":\"live:42\",\"type\":\"like\",\"data\":{\"user\":7}}");

    assertEquals("live:42", draft.topic());
    assertEquals("like", draft.type());
    assertArrayEquals(utf8("{\"user\":7}"), draft.data());
  }

  @Test
  void parsesFieldsInAnyOrder() throws Exception {
    Draft draft = single("{\"data\":[1],\"type\":\"comment\",\"topic\":\"member:7\"}");

    assertEquals("member:7", draft.topic());
    assertEquals("comment", draft.type());
    assertArrayEquals(utf8("[1]"), draft.data());
  }

  @Test
  void parsesArrayAsBatchInOrder() throws Exception {
    Parsed parsed = parse("[{\"topic\":\"a\",\"type\":\"like\",\"data\":1},{\"topic\":\"b\",\"data\":\"two\"},"
        + "{\"topic\":\"a\",\"type\":\"x-y_z\"}]");

    assertTrue(parsed.batch());
    List<Draft> drafts = parsed.drafts();
    assertEquals(3, drafts.size());
    assertEquals(List.of("a", "b", "a"), drafts.stream().map(Draft::topic).toList());
    assertEquals(List.of("like", "message", "x-y_z"), drafts.stream().map(Draft::type).toList());
    assertEquals(List.of("1", "\"two\"", "null"), drafts.stream().map(d -> new String(d.data(), UTF_8)).toList());
  }

  @Test
  void parsesOneElementArrayAsBatch() throws Exception {
    Parsed parsed = parse("[{\"topic\":\"a\"}]");
    assertTrue(parsed.batch());
    assertEquals(1, parsed.drafts().size());
  }

  @Test
  void acceptsBatchOfExactlyMaxEvents() throws Exception {
    String one = "{\"topic\":\"t\"}";
    Parsed parsed = parse("[" + String.join(",", one, one, one, one, one) + "]");
    assertEquals(5, parsed.drafts().size());
  }

  @Test
  void typeDefaultsToMessage() throws Exception {
    assertEquals("message", single("{\"topic\":\"t\",\"data\":{}}").type());
  }

  @Test
  void missingDataBecomesJsonNull() throws Exception {
    assertArrayEquals(utf8("null"), single("{\"topic\":\"t\",\"type\":\"like\"}").data());
  }

  @Test
  void explicitNullDataIsKept() throws Exception {
    assertArrayEquals(utf8("null"), single("{\"topic\":\"t\",\"data\":null}").data());
  }

  @Test
  void acceptsSurroundingWhitespace() throws Exception {
    Draft draft = single(" \r\n\t{ \"topic\" : \"t\" , \"data\" : 1 } \n\n");
    assertEquals("t", draft.topic());
    assertArrayEquals(utf8("1"), draft.data());
  }

  @Test
  void acceptsUtf8ByteOrderMarkBeforeTheBody() throws Exception {
    byte[] body = utf8("\ufeff{\"topic\":\"t\",\"data\":1}");
    assertArrayEquals(utf8("1"), parser.parse(body).drafts().get(0).data());
  }

  // --- data kept verbatim ---

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"b\":[true,false,null]}",
      "{ \"spaced\" :  [ 1 , 2 ] }",
      "[]",
      "{}",
      "[1,\"two\",{\"three\":[3.0]}]",
      "\"plain\"",
      "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u00e9 \\ud83d\\udc4d\"",
      "\"raw unicode: caf\u00e9 \u2764 \ud83d\udc4d \u4e2d\u6587\"",
      "1.0",
      "1e5",
      "1E+05",
      "-0",
      "-0.0",
      "0",
      "123456789012345678901234567890",
      "3.141592653589793238462643383279",
      "-1.5e-300",
      "true",
      "false",
      "null",
      "{\"deep\":{\"deeper\":{\"deepest\":[[[{\"x\":\"}]\"}]]]}}}",
      "{\"dup\":1,\"dup\":2}"})
  void keepsDataByteForByte(String data) throws Exception {
    assertEquals(data, dataOf(data));
  }

  @Test
  void keepsDataVerbatimWhenFollowedByOtherFields() throws Exception {
    Draft draft = single("{\"data\":  1.0  ,\"topic\":\"t\",\"type\":\"like\"}");
    assertArrayEquals(utf8("1.0"), draft.data());

    Draft string = single("{\"data\":\"x\\\"y\",\"topic\":\"t\"}");
    assertArrayEquals(utf8("\"x\\\"y\""), string.data());
  }

  @Test
  void keepsStringDataVerbatimWhenSurroundedByWhitespace() throws Exception {
    Draft draft = single("{\"topic\":\"t\", \"data\" :\t \"a b\" \t}");
    assertArrayEquals(utf8("\"a b\""), draft.data());
  }

  @Test
  void keepsLargeDataVerbatimDeepInsideALargeBody() throws Exception {
    PublishParser roomy = new PublishParser(1000, 65536, 100, 1 << 20);
    String big = "{\"text\":\"" + "\u00e9x\\\"".repeat(6000) + "\"}";
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      body.append("{\"topic\":\"filler:").append(i).append("\",\"data\":{\"i\":").append(i).append("}},");
    }
    body.append("{\"topic\":\"t\",\"data\":").append(big).append("}]");

    List<Draft> drafts = roomy.parse(utf8(body.toString())).drafts();

    assertEquals(301, drafts.size());
    assertArrayEquals(utf8("{\"i\":299}"), drafts.get(299).data());
    assertArrayEquals(utf8(big), drafts.get(300).data());
  }

  @Test
  void keepsDataVerbatimInEveryBatchElement() throws Exception {
    Parsed parsed = parse("[{\"topic\":\"a\",\"data\":-0},{\"topic\":\"b\",\"data\": { \"k\" : 1e5 } },"
        + "{\"topic\":\"c\",\"data\":\"\\u00e9\"}]");

    assertEquals(List.of("-0", "{ \"k\" : 1e5 }", "\"\\u00e9\""),
        parsed.drafts().stream().map(d -> new String(d.data(), UTF_8)).toList());
  }

  @Test
  void replacesLineBreaksInsideDataWithSpaces() throws Exception {
    assertEquals("{    \"a\": 1,   \"b\": [ 2  ] }", dataOf("{\r\n  \"a\": 1,\n  \"b\": [\r2\n ] }"));
  }

  @Test
  void replacesTabsBetweenTokensWithSpaces() throws Exception {
    // Frontends refuse envelopes holding any raw control character, tabs included.
    assertEquals("{ \"spaced\" :  [ 1 , 2 ] }", dataOf("{\t\"spaced\" :\t [ 1 ,\t2 ]\t}"));
  }

  @Test
  void keepsEscapedLineBreaksInsideStrings() throws Exception {
    assertEquals("\"line1\\nline2\\r\\n\"", dataOf("\"line1\\nline2\\r\\n\""));
  }

  @Test
  void dataOfExactlyTheLimitIsAccepted() throws Exception {
    PublishParser small = new PublishParser(5, 10, 100, 1 << 20);
    String data = "\"" + "x".repeat(8) + "\"";
    assertArrayEquals(utf8(data), small.parse(utf8("{\"topic\":\"t\",\"data\":" + data + "}")).drafts().get(0).data());
  }

  @Test
  void dataLimitCountsEncodedBytesNotCharacters() throws Exception {
    PublishParser small = new PublishParser(5, 10, 100, 1 << 20);
    String data = "\"\u00e9\u00e9\u00e9\u00e9\u00e9\""; // 6 characters, 12 bytes
    ProblemException e = tooLarge(small, "{\"topic\":\"t\",\"data\":" + data + "}");
    assertEquals("data is 12 bytes, the limit is 10", e.getMessage());
  }

  // --- rejections: 413 ---

  @Test
  void rejectsDataOverTheLimitWith413GivingSizeAndLimit() {
    PublishParser small = new PublishParser(5, 10, 100, 1 << 20);
    ProblemException e = tooLarge(small, "{\"topic\":\"t\",\"data\":\"" + "x".repeat(9) + "\"}");
    assertEquals("data is 11 bytes, the limit is 10", e.getMessage());
  }

  @Test
  void rejectsObjectDataOverTheLimitWith413() {
    PublishParser small = new PublishParser(5, 10, 100, 1 << 20);
    ProblemException e = tooLarge(small, "{\"topic\":\"t\",\"data\":{\"k\":[1,2,3,4]}}");
    assertEquals("data is 15 bytes, the limit is 10", e.getMessage());
  }

  @Test
  void rejectsOversizedDataInsideBatchNamingTheEvent() {
    PublishParser small = new PublishParser(5, 10, 100, 1 << 20);
    ProblemException e = tooLarge(small,
        "[{\"topic\":\"t\",\"data\":1},{\"topic\":\"t\",\"data\":[1,2,3,4,5,6]}]");
    assertEquals("event 1: data is 13 bytes, the limit is 10", e.getMessage());
  }

  @Test
  void rejectsBatchOverMaxEventsWith413() {
    String one = "{\"topic\":\"t\"}";
    ProblemException e = tooLarge(parser, "[" + String.join(",", one, one, one, one, one, one) + "]");
    assertEquals("a batch may hold at most 5 events", e.getMessage());
  }

  // --- rejections: 400 ---

  @Test
  void rejectsEmptyBody() {
    ProblemException e = badRequest("");
    assertEquals("request body is empty; expected {\"topic\":\"…\",\"type\":\"…\",\"data\":…}", e.getMessage());
  }

  @Test
  void rejectsWhitespaceOnlyBodyAsEmpty() {
    assertEquals("request body is empty; expected {\"topic\":\"…\",\"type\":\"…\",\"data\":…}",
        badRequest(" \n\t ").getMessage());
  }

  @Test
  void rejectsNonJsonSayingWhereItBroke() {
    String message = badRequest("{\"topic\":\"t\",\n \"data\": nope}").getMessage();
    assertTrue(message.startsWith("request body is not valid JSON: "), message);
    assertTrue(message.contains("'nope'"), message);
    assertTrue(message.contains("(line 2, column "), message);
  }

  @Test
  void rejectsPlainTextWithLineAndColumn() {
    String message = badRequest("hello").getMessage();
    assertTrue(message.startsWith("request body is not valid JSON: "), message);
    assertTrue(message.contains("(line 1, column "), message);
  }

  @Test
  void rejectsTruncatedJson() {
    String message = badRequest("{\"topic\":\"t\",\"data\":{\"a\":").getMessage();
    assertTrue(message.startsWith("request body is not valid JSON: "), message);
    assertTrue(message.contains("(line 1, column "), message);
  }

  @Test
  void rejectsRawNewlineInsideAString() {
    String message = badRequest("{\"topic\":\"t\",\"data\":\"a\nb\"}").getMessage();
    assertTrue(message.startsWith("request body is not valid JSON: "), message);
  }

  @Test
  void rejectsSecondValueAfterTheObject() {
    assertEquals("unexpected content after the JSON value", badRequest("{\"topic\":\"t\"} {\"topic\":\"u\"}").getMessage());
  }

  @Test
  void rejectsSecondValueAfterTheArray() {
    assertEquals("unexpected content after the JSON value", badRequest("[{\"topic\":\"t\"}][]").getMessage());
  }

  @Test
  void rejectsTrailingGarbage() {
    String message = badRequest("{\"topic\":\"t\"} garbage").getMessage();
    assertTrue(message.startsWith("request body is not valid JSON: ")
        || message.equals("unexpected content after the JSON value"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"live:42\"", "42", "true", "null"})
  void rejectsTopLevelScalar(String body) {
    assertEquals("request body must be a JSON object or an array of objects", badRequest(body).getMessage());
  }

  @Test
  void rejectsEmptyBatch() {
    assertEquals("the batch is empty", badRequest("[]").getMessage());
    assertEquals("the batch is empty", badRequest(" [ \n ] ").getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"t\"", "1", "null", "[]", "[{\"topic\":\"t\"}]", "true"})
  void rejectsBatchElementThatIsNotAnObjectNamingIt(String element) {
    assertEquals("event 1: must be a JSON object",
        badRequest("[{\"topic\":\"t\"}," + element + "]").getMessage());
  }

  @Test
  void rejectsFirstBatchElementThatIsNotAnObject() {
    assertEquals("event 0: must be a JSON object", badRequest("[1,{\"topic\":\"t\"}]").getMessage());
  }

  @Test
  void rejectsUnknownFieldNamingIt() {
    assertEquals("unknown field 'topics' (expected topic, type, data)",
        badRequest("{\"topics\":\"t\",\"data\":1}").getMessage());
  }

  @Test
  void rejectsUnknownFieldInBatchNamingEventAndField() {
    assertEquals("event 2: unknown field 'Topic' (expected topic, type, data)",
        badRequest("[{\"topic\":\"a\"},{\"topic\":\"b\"},{\"Topic\":\"c\"}]").getMessage());
  }

  @Test
  void rejectsDuplicateTopic() {
    assertEquals("duplicate field 'topic'", badRequest("{\"topic\":\"a\",\"topic\":\"b\"}").getMessage());
  }

  @Test
  void rejectsDuplicateType() {
    assertEquals("duplicate field 'type'", badRequest("{\"topic\":\"a\",\"type\":\"x\",\"type\":\"y\"}").getMessage());
  }

  @Test
  void rejectsDuplicateTypeWhenTheSecondIsNull() {
    assertEquals("duplicate field 'type'",
        badRequest("{\"topic\":\"a\",\"type\":\"like\",\"type\":null}").getMessage());
  }

  @Test
  void rejectsDuplicateData() {
    assertEquals("duplicate field 'data'", badRequest("{\"topic\":\"a\",\"data\":1,\"data\":2}").getMessage());
  }

  @Test
  void rejectsDuplicateDataEvenWhenTheFirstIsNull() {
    assertEquals("duplicate field 'data'", badRequest("{\"topic\":\"a\",\"data\":null,\"data\":2}").getMessage());
  }

  @Test
  void rejectsDuplicateFieldInBatchNamingTheEvent() {
    assertEquals("event 0: duplicate field 'topic'", badRequest("[{\"topic\":\"a\",\"topic\":\"a\"}]").getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "null", "true", "[\"t\"]", "{\"t\":1}"})
  void rejectsNonStringTopic(String value) {
    assertEquals("topic must be a string", badRequest("{\"topic\":" + value + ",\"data\":1}").getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "true", "[\"like\"]", "{\"t\":1}"})
  void rejectsNonStringType(String value) {
    assertEquals("type must be a string", badRequest("{\"topic\":\"t\",\"type\":" + value + "}").getMessage());
  }

  @Test
  void rejectsNonStringTopicInBatchNamingTheEvent() {
    assertEquals("event 1: topic must be a string", badRequest("[{\"topic\":\"a\"},{\"topic\":7}]").getMessage());
  }

  @Test
  void rejectsMissingTopic() {
    assertEquals("topic is required", badRequest("{\"type\":\"like\",\"data\":1}").getMessage());
    assertEquals("topic is required", badRequest("{}").getMessage());
  }

  @Test
  void rejectsEmptyTopic() {
    assertEquals("topic is required", badRequest("{\"topic\":\"\"}").getMessage());
  }

  @Test
  void rejectsTopicWithBadCharacterUsingTheValidationMessage() {
    assertEquals(TOPIC_RULE + "(found '/' at position 4)", badRequest("{\"topic\":\"live/42\"}").getMessage());
  }

  @Test
  void rejectsTopicWithEscapedControlCharacter() {
    assertEquals(TOPIC_RULE + "(found '\\u000a' at position 1)", badRequest("{\"topic\":\"a\\nb\"}").getMessage());
  }

  @Test
  void rejectsTopicWithNonAsciiCharacter() {
    assertEquals(TOPIC_RULE + "(found 'é' at position 3)", badRequest("{\"topic\":\"caf\u00e9\"}").getMessage());
  }

  @Test
  void rejectsTooLongTopicWith400() {
    assertEquals("topic is 201 characters long, the limit is 200",
        badRequest("{\"topic\":\"" + "t".repeat(201) + "\"}").getMessage());
  }

  @Test
  void rejectsInvalidTypeUsingTheValidationMessage() {
    assertEquals("type must start with a lowercase letter a-z",
        badRequest("{\"topic\":\"t\",\"type\":\"Like\"}").getMessage());
    assertEquals("type may contain only a-z 0-9 _ - (found '.' at position 4)",
        badRequest("{\"topic\":\"t\",\"type\":\"like.v2\"}").getMessage());
    assertEquals("type is 33 characters long, the limit is 32",
        badRequest("{\"topic\":\"t\",\"type\":\"" + "a".repeat(33) + "\"}").getMessage());
  }

  @Test
  void rejectsEmptyType() {
    assertEquals("type must not be empty", badRequest("{\"topic\":\"t\",\"type\":\"\"}").getMessage());
  }

  @Test
  void prefixesValidationMessagesWithTheEventIndexInBatches() {
    assertEquals("event 1: " + TOPIC_RULE + "(found ' ' at position 4)",
        badRequest("[{\"topic\":\"ok\"},{\"topic\":\"live 42\"}]").getMessage());
    assertEquals("event 2: type must start with a lowercase letter a-z",
        badRequest("[{\"topic\":\"a\"},{\"topic\":\"b\"},{\"topic\":\"c\",\"type\":\"9lives\"}]").getMessage());
    assertEquals("event 0: topic is required", badRequest("[{\"data\":1}]").getMessage());
  }

  @Test
  void rejectsTheWholeBatchWhenOneEventIsInvalid() {
    badRequest("[{\"topic\":\"a\"},{\"topic\":\"b|c\"},{\"topic\":\"d\"}]");
  }
}
