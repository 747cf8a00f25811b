package io.rtdispatch.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private static Event.MalformedEventException rejects(String envelope) {
    return assertThrows(Event.MalformedEventException.class, () -> Event.parse(ByteString.fromString(envelope)));
  }

  @Test
  void createBuildsTheExactEnvelope() {
    Event event = Event.create("k1-abc-1", "live:42", "like", utf8("{\"n\":1}"), 1700000000123L);

    assertArrayEquals(
        utf8("{\"id\":\"k1-abc-1\",\"topic\":\"live:42\",\"type\":\"like\",\"data\":{\"n\":1},\"publishedAt\":1700000000123}"),
        event.envelope().toArray());
    assertEquals("k1-abc-1", event.id());
    assertEquals("live:42", event.topic());
  }

  @Test
  void createKeepsDataBytesVerbatim() {
    // Whitespace, escapes, raw UTF-8 and number spellings a re-serializer would change.
    byte[] data = utf8("{ \"b\" : [1.0, 1e5, -0],\t\"a\":\"caf\u00e9 \\u00e9 \\\"q\\\" \ud83d\udc4d\" }");
    Event event = Event.create("id", "t", "message", data, 5);

    byte[] expected = ByteString.fromString("{\"id\":\"id\",\"topic\":\"t\",\"type\":\"message\",\"data\":")
        .concat(ByteString.fromArray(data))
        .concat(ByteString.fromString(",\"publishedAt\":5}"))
        .toArray();
    assertArrayEquals(expected, event.envelope().toArray());
  }

  @Test
  void createAcceptsScalarData() {
    assertEquals("{\"id\":\"i\",\"topic\":\"t\",\"type\":\"x\",\"data\":null,\"publishedAt\":0}",
        Event.create("i", "t", "x", utf8("null"), 0).envelope().utf8String());
    assertEquals("{\"id\":\"i\",\"topic\":\"t\",\"type\":\"x\",\"data\":\"s\",\"publishedAt\":0}",
        Event.create("i", "t", "x", utf8("\"s\""), 0).envelope().utf8String());
  }

  @Test
  void createdEnvelopeParsesBackToTheSameIdAndTopic() throws Exception {
    Event created = Event.create("lq2x-abcdefgh-1", "member:7@dc.eu_west-1", "comment", utf8("[1,{\"id\":\"x\"}]"), 99);

    Event parsed = Event.parse(created.envelope());

    assertEquals(created, parsed);
    assertEquals("lq2x-abcdefgh-1", parsed.id());
    assertEquals("member:7@dc.eu_west-1", parsed.topic());
  }

  @Test
  void parseKeepsTheEnvelopeBytesAsGiven() throws Exception {
    ByteString envelope = ByteString.fromString("{\"topic\":\"t\",\"id\":\"i\",\"extra\":{\"nested\":[1, 2]}, \"data\":  1.0 }");

    Event event = Event.parse(envelope);

    assertSame(envelope, event.envelope());
    assertEquals("i", event.id());
    assertEquals("t", event.topic());
  }

  @Test
  void parseFindsIdAndTopicAfterNestedFields() throws Exception {
    Event event = Event.parse(ByteString.fromString(
        "{\"data\":{\"id\":\"inner\",\"topic\":\"inner\"},\"type\":\"x\",\"id\":\"outer\",\"topic\":\"outer\"}"));

    assertEquals("outer", event.id());
    assertEquals("outer", event.topic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"id\"", "42", "null", "[{\"id\":\"i\",\"topic\":\"t\"}]"})
  void parseRejectsNonObjects(String envelope) {
    assertEquals("an event envelope must be a JSON object", rejects(envelope).getMessage());
  }

  @Test
  void parseRejectsEmptyEnvelope() {
    assertEquals("an event envelope must be a JSON object", rejects("").getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"id\":\"i\"}", "{\"topic\":\"t\"}", "{\"id\":1,\"topic\":\"t\"}",
      "{\"id\":\"i\",\"topic\":null}", "{\"id\":\"i\",\"topic\":[\"t\"]}", "{\"data\":{\"id\":\"i\",\"topic\":\"t\"}}"})
  void parseRejectsEnvelopesWithoutStringIdAndTopic(String envelope) {
    assertEquals("an event envelope needs string fields id and topic", rejects(envelope).getMessage());
  }

  @Test
  void parseRejectsInvalidJsonSayingSo() {
    String message = rejects("{\"id\":\"i\",").getMessage();
    assertTrue(message.startsWith("an event envelope is not valid JSON: "), message);
    assertTrue(rejects("{id:\"i\"}").getMessage().startsWith("an event envelope is not valid JSON: "));
  }

  @Test
  void parseRejectsInvalidTopicWithTheValidationMessage() {
    assertEquals("topic may contain only A-Z a-z 0-9 . _ : @ - (found '/' at position 4)",
        rejects("{\"id\":\"i\",\"topic\":\"live/42\"}").getMessage());
    assertEquals("topic is required", rejects("{\"id\":\"i\",\"topic\":\"\"}").getMessage());
  }

  @Test
  void parseRejectsIdContainingAQuote() {
    assertEquals("an event id must be 1-100 printable ASCII characters",
        rejects("{\"id\":\"a\\\"b\",\"topic\":\"t\"}").getMessage());
  }

  @Test
  void parseRejectsIdContainingABackslash() {
    assertEquals("an event id must be 1-100 printable ASCII characters",
        rejects("{\"id\":\"a\\\\b\",\"topic\":\"t\"}").getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\\nb", "a\\u0000b", "a\\u001fb", "a\\u007fb", "a b", "caf\u00e9", "\\u2028"})
  void parseRejectsIdWithControlSpaceOrNonAsciiCharacters(String escapedId) {
    assertEquals("an event id must be 1-100 printable ASCII characters",
        rejects("{\"id\":\"" + escapedId + "\",\"topic\":\"t\"}").getMessage());
  }

  @Test
  void parseRejectsEmptyId() {
    assertEquals("an event id must be 1-100 printable ASCII characters",
        rejects("{\"id\":\"\",\"topic\":\"t\"}").getMessage());
  }

  @Test
  void parseAcceptsIdOfOneHundredCharactersAndRejectsOneMore() throws Exception {
    String id = "x".repeat(100);
    assertEquals(id, Event.parse(ByteString.fromString("{\"id\":\"" + id + "\",\"topic\":\"t\"}")).id());
    assertEquals("an event id must be 1-100 printable ASCII characters",
        rejects("{\"id\":\"" + id + "x\",\"topic\":\"t\"}").getMessage());
  }
}
