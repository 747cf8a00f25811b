package io.rtdispatch.common.event;

import akka.util.ByteString;
import akka.util.ByteStringBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-to-node wire format for a batch of events: one envelope per line (newline-delimited
 * JSON, {@code application/x-ndjson}). Envelopes never contain a raw newline, so a batch is split
 * without parsing JSON, and joined by copying bytes.
 */
public final class EventBatch {

  public static final String MEDIA_TYPE = "application/x-ndjson";

  private EventBatch() {}

  public static ByteString encode(List<Event> events) {
    ByteStringBuilder b = new ByteStringBuilder();
    for (Event e : events) {
      b.append(e.envelope()).putByte((byte) '\n');
    }
    return b.result();
  }

  public static List<Event> decode(ByteString body) throws Event.MalformedEventException {
    List<Event> events = new ArrayList<>();
    int start = 0;
    int length = body.length();
    while (start < length) {
      int end = body.indexOf((byte) '\n', start);
      if (end < 0) {
        end = length;
      }
      ByteString line = body.slice(start, end);
      if (!isBlank(line)) {
        events.add(Event.parse(line.compact()));
      }
      start = end + 1;
    }
    return events;
  }

  private static boolean isBlank(ByteString line) {
    for (int i = 0; i < line.length(); i++) {
      byte b = line.apply(i);
      if (b != ' ' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
