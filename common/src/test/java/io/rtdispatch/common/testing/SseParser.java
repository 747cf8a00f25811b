package io.rtdispatch.common.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The SSE line protocol (LF, CR or CRLF line ends; id, event, data, retry, comments), fed in pieces. */
final class SseParser {

  private final Consumer<SseTestClient.Frame> sink;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean lastWasCr;
  private String id;
  private String event;
  private StringBuilder data;
  private Long retry;
  private boolean comment;

  SseParser(Consumer<SseTestClient.Frame> sink) {
    this.sink = sink;
  }

  void feed(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n' && lastWasCr) {
        lastWasCr = false;
        continue;
      }
      lastWasCr = b == '\r';
      if (b == '\n' || b == '\r') {
        onLine(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }

  private void onLine(String text) {
    if (text.isEmpty()) {
      if (data != null || event != null || id != null || retry != null || comment) {
        sink.accept(new SseTestClient.Frame(id, event, data == null ? null : data.toString(), retry, comment && data == null));
      }
      id = null;
      event = null;
      data = null;
      retry = null;
      comment = false;
      return;
    }
    if (text.startsWith(":")) {
      comment = true;
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> event = value;
      case "retry" -> retry = Long.parseLong(value);
      case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      default -> { }
    }
  }
}
