package io.rtdispatch.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.util.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

  private static String idError(String id) {
    return ValidationTest.message(Event.idProblem(id));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
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
  void publishedAtIsReadBackFromTheEnvelopeAndMinusOneWhenAbsent() {
    assertEquals(1700000000123L, Event.create("a", "t", "like", utf8("{\"publishedAt\":7}"), 1700000000123L).publishedAt());
    assertEquals(5, Event.create("a", "t", "like", utf8("null"), 5).publishedAt());
    assertEquals(-1, new Event("a", "t", ByteString.fromString("{\"id\":\"a\"}")).publishedAt());
    assertEquals(-1, new Event("a", "t", ByteString.fromString("}")).publishedAt());
    assertEquals(-1, new Event("a", "t", ByteString.emptyByteString()).publishedAt());
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
  void createdEnvelopeRoundTripsTheWireFormat() throws Exception {
    Event created = Event.create("lq2x-abcdefgh-1", "member:7@dc.eu_west-1", "comment", utf8("[1,{\"id\":\"x\"}]"), 99);

    assertEquals(List.of(created), EventBatch.decode(EventBatch.encode(List.of(created))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "lq2x-abcdefgh-1", "!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"})
  void idErrorAcceptsPrintableAsciiWithoutSpaceQuoteOrBackslash(String id) {
    assertNull(idError(id));
  }

  @Test
  void idErrorAcceptsOneHundredCharactersAndRejectsOneMore() {
    assertNull(idError("x".repeat(100)));
    assertEquals("an event id must be 1-100 printable ASCII characters", idError("x".repeat(101)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a\"b", "a\\b", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "caf\u00e9", "\u2028"})
  void idErrorRejectsEverythingElse(String id) {
    assertEquals("an event id must be 1-100 printable ASCII characters", idError(id));
  }

  @Test
  void idErrorRejectsNull() {
    assertEquals("an event id must be 1-100 printable ASCII characters", idError(null));
  }

  @Test
  void overheadBoundCoversTheLongestFields() {
    Event longest = Event.create("x".repeat(Event.MAX_ID_LENGTH), "t".repeat(Validation.MAX_TOPIC_LENGTH),
        "y".repeat(Validation.MAX_TYPE_LENGTH), utf8("1"), Long.MIN_VALUE);

    assertTrue(longest.envelope().length() - 1 <= Event.MAX_ENVELOPE_OVERHEAD_BYTES, longest.envelope().utf8String());
  }
}
