package io.rtdispatch.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.util.ByteString;
import io.rtdispatch.common.problem.ProblemException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventBatchTest {

  private static Event event(String id, String topic, String data) {
    return Event.create(id, topic, "like", data.getBytes(UTF_8), 1700000000000L);
  }

  private static List<String> envelopes(List<Event> events) {
    return events.stream().map(e -> e.envelope().utf8String()).toList();
  }

  private static String rejects(String body) {
    return assertThrows(ProblemException.class,
        () -> EventBatch.decode(ByteString.fromString(body, UTF_8))).getMessage();
  }

  // --- encoding ---

  @Test
  void encodesIdTopicAndEnvelopePerLine() {
    Event a = event("a", "t1", "{\"x\":1}");
    Event b = event("b-2", "live:42", "[true, null]");

    ByteString body = EventBatch.encode(List.of(a, b));

    assertEquals("a t1 " + a.envelope().utf8String() + "\nb-2 live:42 " + b.envelope().utf8String() + "\n",
        body.utf8String());
    assertArrayEquals(body.toArray(), EventBatch.encodeToArray(List.of(a, b)));
  }

  @Test
  void encodesEmptyListAsEmptyBody() {
    assertEquals(ByteString.emptyByteString(), EventBatch.encode(List.of()));
  }

  // --- round trips ---

  @Test
  void roundTripsEventsInOrderWithEnvelopesByteForByte() throws Exception {
    List<Event> events = List.of(
        event("1", "live:42", "{\"n\":1}"),
        event("2", "member:7", "\"caf\u00e9 \\u00e9 \ud83d\udc4d \u007f\""),
        event("3", "live:42", "1e5"),
        event("lq2x-abcdefgh-1", "a@b.c-d_e", "{ \"deep\" : [ { \"k\" : -0 } ], \"s\": \"a b\" }"),
        event("x".repeat(Event.MAX_ID_LENGTH), "t".repeat(Validation.MAX_TOPIC_LENGTH), "null"));

    List<Event> decoded = EventBatch.decode(EventBatch.encode(events));

    assertEquals(events, decoded);
    assertEquals(envelopes(events), envelopes(decoded));
  }

  @Test
  void roundTripsABodyArrivingInChunks() throws Exception {
    List<Event> events = List.of(event("a", "t", "{\"n\":1}"), event("b", "u", "{\"n\":2}"));
    ByteString whole = EventBatch.encode(events);
    ByteString chunked = whole.slice(0, 7).concat(whole.slice(7, 30)).concat(whole.slice(30, whole.length()));

    assertEquals(events, EventBatch.decode(chunked));
  }

  @Test
  void decodesEmptyBodyAsNoEvents() throws Exception {
    assertEquals(List.of(), EventBatch.decode(ByteString.emptyByteString()));
  }

  @Test
  void decodesLastLineWithoutTrailingNewline() throws Exception {
    Event a = event("a", "t", "1");
    Event b = event("b", "t", "2");
    String body = "a t " + a.envelope().utf8String() + "\nb t " + b.envelope().utf8String();

    assertEquals(List.of(a, b), EventBatch.decode(ByteString.fromString(body)));
  }

  @Test
  void takesTheEnvelopeAsGivenWithoutParsingIt() throws Exception {
    // Field order and content are the sender's business; id and topic come from the line.
    List<Event> decoded = EventBatch.decode(ByteString.fromString("i t {\"topic\":\"other\", \"x\": [1, 2]}\n"));

    assertEquals(new Event("i", "t", ByteString.fromString("{\"topic\":\"other\", \"x\": [1, 2]}")), decoded.get(0));
  }

  @Test
  void acceptsAnEnvelopeOfExactlyTheLimit() throws Exception {
    String envelope = "{\"p\":\"" + "x".repeat(Event.MAX_ENVELOPE_BYTES - 8) + "\"}";

    assertEquals(Event.MAX_ENVELOPE_BYTES, EventBatch.decode(ByteString.fromString("i t " + envelope)).get(0)
        .envelope().length());
  }

  // --- rejections: line structure ---

  @ParameterizedTest
  @ValueSource(strings = {"\n", "i t {}\n\ni t {}\n", "just-an-id\n", "id topic\n", "id topic", "{\"id\":\"x\"}\n"})
  void rejectsLinesWithoutIdTopicAndEnvelope(String body) {
    String message = rejects(body);
    assertEquals(true, message.startsWith("malformed event batch, line "), message);
  }

  @Test
  void namesTheLineThatIsWrong() {
    assertEquals("malformed event batch, line 2: the line ends after the topic; a line is '<id> <topic> <envelope>'",
        rejects("a t {}\nb t\n"));
  }

  @Test
  void rejectsAnEmptyIdOrTopic() {
    assertEquals("malformed event batch, line 1: the id is empty; a line is '<id> <topic> <envelope>'",
        rejects(" t {}\n"));
    assertEquals("malformed event batch, line 1: the topic is empty; a line is '<id> <topic> <envelope>'",
        rejects("i  {}\n"));
  }

  // --- rejections: id and topic alphabets ---

  @ParameterizedTest
  @ValueSource(strings = {"a\"b", "a\\b", "caf\u00e9", "a\u007fb", "a\tb", "a\u0000b"})
  void rejectsIdsOutsideTheirAlphabet(String id) {
    assertEquals("malformed event batch, line 1: an event id must be 1-100 printable ASCII characters",
        rejects(id + " t {}\n"));
  }

  @Test
  void rejectsAnIdLongerThanTheLimit() {
    assertEquals("malformed event batch, line 1: the id is longer than 100 characters",
        rejects("x".repeat(101) + " t {}\n"));
  }

  @Test
  void rejectsTopicsOutsideTheirAlphabetWithTheValidationMessage() {
    assertEquals("malformed event batch, line 1: topic may contain only A-Z a-z 0-9 . _ : @ - (found '/' at position 4)",
        rejects("i live/42 {}\n"));
    assertEquals("malformed event batch, line 1: topic may contain only A-Z a-z 0-9 . _ : @ - (found '\\u000d' at"
        + " position 1)", rejects("i t\r {}\n"));
  }

  @Test
  void rejectsATopicLongerThanTheLimit() {
    assertEquals("malformed event batch, line 1: the topic is longer than 200 characters",
        rejects("i " + "t".repeat(201) + " {}\n"));
  }

  // --- rejections: the envelope ---

  @Test
  void rejectsARawCarriageReturnThatWouldInjectSseFields() {
    assertEquals("malformed event batch, line 1: the envelope holds a raw control character 0x0d at byte 7; an"
        + " envelope must be one line of JSON with control characters escaped",
        rejects("i t {\"a\":1}\rretry: 1\r{\"b\":2}\n"));
  }

  @Test
  void rejectsCrLfLineEndings() {
    assertEquals(true, rejects("i t {}\r\n").contains("raw control character 0x0d at byte 2"));
  }

  @Test
  void rejectsARawLineFeedSplittingAnEnvelope() {
    // The LF ends the line, so the first envelope is cut short and the rest is not a line.
    assertEquals("malformed event batch, line 1: the envelope must be a JSON object ({…})",
        rejects("i t {\"a\":1,\nevent: forged\n}\n"));
    assertEquals("malformed event batch, line 2: the line ends after the topic; a line is '<id> <topic> <envelope>'",
        rejects("i t {\"a\":1}\ndata: {\"forged\":1}\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\t", "\u000b", "\u000c", "\u001b", "\u001f"})
  void rejectsEveryOtherControlCharacter(String control) {
    String message = rejects("i t {\"a\":\"x" + control + "\"}\n");
    assertEquals(true, message.contains(String.format("raw control character 0x%02x at byte 7", (int) control.charAt(0))),
        message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"s\"", "42", "null", "{", "}", "{\"a\":1", "\"a\":1}", "x{}"})
  void rejectsEnvelopesThatAreNotAnObject(String envelope) {
    assertEquals("malformed event batch, line 1: the envelope must be a JSON object ({…})",
        rejects("i t " + envelope + "\n"));
  }

  @Test
  void rejectsAnEmptyEnvelope() {
    assertEquals("malformed event batch, line 1: the envelope must be a JSON object ({…})", rejects("i t \n"));
  }

  @Test
  void rejectsAnEnvelopeLargerThanTheLimit() {
    String envelope = "{\"p\":\"" + "x".repeat(Event.MAX_ENVELOPE_BYTES - 7) + "\"}";

    assertEquals("malformed event batch, line 1: the envelope is " + (Event.MAX_ENVELOPE_BYTES + 1)
        + " bytes, the limit is " + Event.MAX_ENVELOPE_BYTES, rejects("i t " + envelope + "\n"));
  }
}
