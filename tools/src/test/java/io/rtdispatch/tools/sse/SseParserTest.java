package io.rtdispatch.tools.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  /** Records everything the parser reports, as text. */
  static final class Recorder implements SseListener {
    final List<String> events = new ArrayList<>();
    final List<String> comments = new ArrayList<>();
    final List<Long> retries = new ArrayList<>();
    final List<String> frameIds = new ArrayList<>();

    @Override
    public void onEvent(String eventType, String lastEventId, byte[] data, int offset, int length) {
      events.add(eventType + "|" + lastEventId + "|" + new String(data, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onComment(byte[] line, int offset, int length) {
      comments.add(new String(line, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void onRetry(long millis) {
      retries.add(millis);
    }

    @Override
    public void onFrameEnd(String id) {
      frameIds.add(String.valueOf(id));
    }
  }

  private static Recorder parseInPieces(String stream, int pieceSize) {
    Recorder r = new Recorder();
    SseParser parser = new SseParser(r);
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += pieceSize) {
      // Copy into a fresh, larger array at an offset so the parser cannot rely on array bounds or positions.
      int n = Math.min(pieceSize, bytes.length - i);
      byte[] piece = new byte[n + 10];
      System.arraycopy(bytes, i, piece, 5, n);
      parser.feed(piece, 5, n);
    }
    return r;
  }

  private static final String OUR_STREAM = "event: connected\nretry: 3000\ndata: {\"connectionId\":\"c1\"}\n\n"
      + ": heartbeat\n\n"
      + "id: e1\ndata: {\"id\":\"e1\",\"topic\":\"t\",\"type\":\"like\",\"data\":{\"lt\":[0,5]},\"publishedAt\":1}\n\n"
      + "id: e2\ndata: {\"id\":\"e2\"}\n\n";

  @Test
  void parsesOurFramesWholeAndSplitAtEveryPosition() {
    List<String> expected = List.of(
        "connected|null|{\"connectionId\":\"c1\"}",
        "null|e1|{\"id\":\"e1\",\"topic\":\"t\",\"type\":\"like\",\"data\":{\"lt\":[0,5]},\"publishedAt\":1}",
        "null|e2|{\"id\":\"e2\"}");
    for (int piece = 1; piece <= OUR_STREAM.length(); piece++) {
      Recorder r = parseInPieces(OUR_STREAM, piece);
      assertEquals(expected, r.events, "piece size " + piece);
      assertEquals(List.of(" heartbeat"), r.comments, "piece size " + piece);
      assertEquals(List.of(3000L), r.retries, "piece size " + piece);
    }
  }

  @Test
  void acceptsCrLfAndBareCrLineEndingsIncludingCrLfSplitAcrossReads() {
    String crlf = OUR_STREAM.replace("\n", "\r\n");
    String cr = OUR_STREAM.replace("\n", "\r");
    Recorder whole = parseInPieces(OUR_STREAM, OUR_STREAM.length());
    for (String variant : List.of(crlf, cr)) {
      for (int piece = 1; piece <= 7; piece++) {
        Recorder r = parseInPieces(variant, piece);
        assertEquals(whole.events, r.events, "piece " + piece);
        assertEquals(whole.comments, r.comments);
      }
    }
  }

  @Test
  void joinsMultiLineDataWithNewlinesAndStripsOnlyOneSpace() {
    Recorder r = parseInPieces("data: a\ndata:b\ndata:  c\ndata\n\n", 3);
    assertEquals(List.of("null|null|a\nb\n c\n"), r.events);
  }

  @Test
  void frameWithoutDataIsNotDispatchedButIdIsKept() {
    Recorder r = parseInPieces("id: 7\nevent: x\n\ndata: y\n\n", 2);
    assertEquals(List.of("null|7|y"), r.events, "event type is reset at the blank line, id persists");
  }

  /** What the tests' SseTestClient builds its frames from: every blank line, with that frame's own id only. */
  @Test
  void everyFrameEndIsReportedWithItsOwnIdNotTheLastOne() {
    String stream = "event: connected\ndata: {}\n\nid: e1\ndata: a\n\n: hb\n\nretry: 5\n\nid: e2\ndata: b\n\n";
    for (int piece = 1; piece <= stream.length(); piece++) {
      Recorder r = parseInPieces(stream, piece);
      assertEquals(List.of("null", "e1", "null", "null", "e2"), r.frameIds, "piece size " + piece);
      assertEquals(List.of("connected|null|{}", "null|e1|a", "null|e2|b"), r.events, "piece size " + piece);
    }
  }

  @Test
  void ignoresUnknownFieldsInvalidRetryAndTrailingPartialFrame() {
    Recorder r = parseInPieces("foo: bar\nretry: 12x\nretry: 250\ndata: ok\n\ndata: unfinished\n", 4);
    assertEquals(List.of("null|null|ok"), r.events);
    assertEquals(List.of(250L), r.retries);
  }

  @Test
  void countsEveryCommentSeparately() {
    Recorder r = parseInPieces(":\n: ping\n:x\ndata: d\n\n", 1);
    assertEquals(List.of("", " ping", "x"), r.comments);
    assertEquals(1, r.events.size());
  }

  @Test
  void skipsByteOrderMarkAndHandlesUtf8Payload() {
    Recorder r = parseInPieces("\uFEFFdata: héllo ✓\n\n", 100);
    assertEquals(List.of("null|null|héllo ✓"), r.events);
  }

  @Test
  void nchanStyleFramesWithColonsInIdAndData() {
    String stream = ": hi\n\nid: 1795303147:0\ndata: {\"lt\":[1,2]}\n\nid: 1795303147:1\ndata: a\ndata: b\n\n";
    Recorder r = parseInPieces(stream, 5);
    assertEquals(List.of("null|1795303147:0|{\"lt\":[1,2]}", "null|1795303147:1|a\nb"), r.events);
    assertEquals(List.of(" hi"), r.comments);
  }

  @Test
  void longLinesGrowBuffersAcrossManyReads() {
    String big = "x".repeat(10_000);
    Recorder r = parseInPieces("data: " + big + "\n\n", 333);
    assertEquals(List.of("null|null|" + big), r.events);
  }
}
