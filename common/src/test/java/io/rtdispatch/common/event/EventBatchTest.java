package io.rtdispatch.common.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.util.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatchTest {

  private static Event event(String id, String topic, String data) {
    return Event.create(id, topic, "like", data.getBytes(UTF_8), 1700000000000L);
  }

  private static List<String> envelopes(List<Event> events) {
    return events.stream().map(e -> e.envelope().utf8String()).toList();
  }

  @Test
  void encodesOneEnvelopePerLineEachEndingInNewline() {
    Event a = event("a", "t1", "{\"x\":1}");
    Event b = event("b", "t2", "[true, null]");

    ByteString body = EventBatch.encode(List.of(a, b));

    assertEquals(a.envelope().utf8String() + "\n" + b.envelope().utf8String() + "\n", body.utf8String());
  }

  @Test
  void encodesEmptyListAsEmptyBody() {
    assertEquals(ByteString.emptyByteString(), EventBatch.encode(List.of()));
  }

  @Test
  void roundTripsEventsInOrderWithEnvelopesByteForByte() throws Exception {
    List<Event> events = List.of(
        event("1", "live:42", "{\"n\":1}"),
        event("2", "member:7", "\"caf\u00e9 \\u00e9\""),
        event("3", "live:42", "1e5"),
        event("4", "a@b.c-d_e", "{ \"deep\" : [ { \"k\" : -0 } ] }"));

    List<Event> decoded = EventBatch.decode(EventBatch.encode(events));

    assertEquals(events, decoded);
    assertEquals(envelopes(events), envelopes(decoded));
  }

  @Test
  void roundTripsASingleEvent() throws Exception {
    Event only = event("only", "t", "null");
    assertEquals(List.of(only), EventBatch.decode(EventBatch.encode(List.of(only))));
  }

  @Test
  void decodesEmptyBodyAsNoEvents() throws Exception {
    assertEquals(List.of(), EventBatch.decode(ByteString.emptyByteString()));
  }

  @Test
  void decodesLastLineWithoutTrailingNewline() throws Exception {
    Event a = event("a", "t", "1");
    Event b = event("b", "t", "2");
    ByteString body = a.envelope().concat(ByteString.fromString("\n")).concat(b.envelope());

    assertEquals(List.of(a, b), EventBatch.decode(body));
  }

  @Test
  void skipsBlankLinesAndCarriageReturnOnlyLines() throws Exception {
    Event a = event("a", "t", "1");
    Event b = event("b", "t", "2");
    ByteString body = ByteString.fromString("\n  \n\t\r\n")
        .concat(a.envelope()).concat(ByteString.fromString("\n\n\r\n"))
        .concat(b.envelope()).concat(ByteString.fromString("\n \n\n"));

    List<Event> decoded = EventBatch.decode(body);

    assertEquals(List.of(a, b), decoded);
    assertEquals(envelopes(List.of(a, b)), envelopes(decoded));
  }

  @Test
  void decodeOfNonJsonLineThrowsWithReason() {
    ByteString body = event("a", "t", "1").envelope().concat(ByteString.fromString("\nnot json\n"));

    Event.MalformedEventException e = assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));

    assertTrue(e.getMessage().startsWith("an event envelope is not valid JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("'not'"), e.getMessage());
  }

  @Test
  void decodeOfLineHoldingAnArrayThrowsMustBeObject() {
    ByteString body = ByteString.fromString("[1,2]\n");

    Event.MalformedEventException e = assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));

    assertEquals("an event envelope must be a JSON object", e.getMessage());
  }

  @Test
  void decodeOfTruncatedLineThrowsNotValidJson() {
    ByteString body = ByteString.fromString("{\"id\":\"a\",\"top\n");

    Event.MalformedEventException e = assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));

    assertTrue(e.getMessage().startsWith("an event envelope is not valid JSON: "), e.getMessage());
  }

  @Test
  void decodeOfLineWithoutTopicThrowsNamingTheFields() {
    ByteString body = ByteString.fromString("{\"id\":\"a\"}\n");

    Event.MalformedEventException e = assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));

    assertEquals("an event envelope needs string fields id and topic", e.getMessage());
  }

  @Test
  void decodeOfLineWithInvalidTopicThrowsTheValidationMessage() {
    ByteString body = ByteString.fromString("{\"id\":\"a\",\"topic\":\"a b\"}\n");

    Event.MalformedEventException e = assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));

    assertEquals("topic may contain only A-Z a-z 0-9 . _ : @ - (found ' ' at position 1)", e.getMessage());
  }

  @Test
  void decodeOfEnvelopeSplitAcrossLinesIsRejected() {
    // A raw newline inside an envelope splits it into two malformed lines.
    ByteString body = ByteString.fromString("{\"id\":\"a\",\n\"topic\":\"t\"}\n");

    assertThrows(Event.MalformedEventException.class, () -> EventBatch.decode(body));
  }
}
