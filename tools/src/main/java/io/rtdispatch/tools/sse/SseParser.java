package io.rtdispatch.tools.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental Server-Sent Events parser (the WHATWG event-stream grammar) over raw body bytes.
 *
 * <p>Bytes arrive in arbitrary slices (socket reads, HTTP chunks), so a line, a CRLF pair or a frame may be split
 * anywhere; the parser keeps only the unfinished line and the pending data of one frame. It works on bytes rather
 * than chars: every delimiter is ASCII, so UTF-8 payloads pass through untouched and no decoding cost is paid on the
 * hot path. One instance per connection; not thread-safe. Memory starts small and grows only for long lines.
 *
 * <p>The one SSE parser of the project: the load tool's subscribers and the tests' {@code SseTestClient} both use it
 * (so it lives in the tools module, which depends on no other module).
 */
public final class SseParser {
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final SseListener listener;
  private byte[] line = new byte[128];
  private int lineLength;
  private byte[] data = new byte[128];
  private int dataLength;
  private boolean hasData;
  private boolean skipNextLf;
  private String eventType;
  private String lastEventId;
  private String frameId;
  private boolean firstBytes = true;

  public SseParser(SseListener listener) {
    this.listener = listener;
  }

  /** Feeds the next slice of the body. */
  public void feed(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    if (firstBytes && length > 0) {
      i = skipByteOrderMark(bytes, i, end);
    }
    while (i < end) {
      if (skipNextLf) {
        skipNextLf = false;
        if (bytes[i] == LF) {
          i++;
          continue;
        }
      }
      int lineEnd = findLineEnd(bytes, i, end);
      if (lineEnd == end) {
        appendToLine(bytes, i, end - i);
        return;
      }
      if (lineLength == 0) {
        processLine(bytes, i, lineEnd - i);
      } else {
        appendToLine(bytes, i, lineEnd - i);
        processLine(line, 0, lineLength);
        lineLength = 0;
      }
      skipNextLf = bytes[lineEnd] == CR;
      i = lineEnd + 1;
    }
  }

  /** The last {@code id:} value seen (what EventSource would send as Last-Event-ID on reconnect). */
  public String lastEventId() {
    return lastEventId;
  }

  /** Forgets a partial frame, e.g. when the connection is replaced; keeps the last event id like EventSource. */
  public void reset() {
    lineLength = 0;
    dataLength = 0;
    hasData = false;
    skipNextLf = false;
    eventType = null;
    frameId = null;
    firstBytes = true;
  }

  private int skipByteOrderMark(byte[] bytes, int i, int end) {
    // The stream may start with a UTF-8 BOM, which the grammar ignores. Assumes the 3 bytes arrive together.
    firstBytes = false;
    if (end - i >= 3 && bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBB && bytes[i + 2] == (byte) 0xBF) {
      return i + 3;
    }
    return i;
  }

  private static int findLineEnd(byte[] bytes, int from, int end) {
    for (int i = from; i < end; i++) {
      byte b = bytes[i];
      if (b == LF || b == CR) {
        return i;
      }
    }
    return end;
  }

  private void processLine(byte[] buf, int off, int len) {
    if (len == 0) {
      dispatch();
      return;
    }
    if (buf[off] == ':') {
      listener.onComment(buf, off + 1, len - 1);
      return;
    }
    int colon = indexOf(buf, off, len, (byte) ':');
    int nameEnd = colon < 0 ? off + len : colon;
    int valueStart = colon < 0 ? off + len : colon + 1;
    if (valueStart < off + len && buf[valueStart] == ' ') {
      valueStart++;
    }
    int valueLength = off + len - valueStart;
    int nameLength = nameEnd - off;
    if (is(buf, off, nameLength, "data")) {
      appendData(buf, valueStart, valueLength);
    } else if (is(buf, off, nameLength, "id")) {
      if (indexOf(buf, valueStart, valueLength, (byte) 0) < 0) {
        lastEventId = new String(buf, valueStart, valueLength, StandardCharsets.UTF_8);
        frameId = lastEventId;
      }
    } else if (is(buf, off, nameLength, "event")) {
      eventType = new String(buf, valueStart, valueLength, StandardCharsets.UTF_8);
    } else if (is(buf, off, nameLength, "retry")) {
      parseRetry(buf, valueStart, valueLength);
    }
    // Other field names are ignored, as the grammar requires.
  }

  private void parseRetry(byte[] buf, int off, int len) {
    if (len == 0 || len > 18) {
      return;
    }
    long value = 0;
    for (int i = off; i < off + len; i++) {
      if (buf[i] < '0' || buf[i] > '9') {
        return;
      }
      value = value * 10 + (buf[i] - '0');
    }
    listener.onRetry(value);
  }

  private void dispatch() {
    if (hasData) {
      listener.onEvent(eventType, lastEventId, data, 0, dataLength);
    }
    listener.onFrameEnd(frameId);
    hasData = false;
    dataLength = 0;
    eventType = null;
    frameId = null;
  }

  private void appendData(byte[] buf, int off, int len) {
    int needed = dataLength + len + (hasData ? 1 : 0);
    if (needed > data.length) {
      data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
    }
    if (hasData) {
      data[dataLength++] = LF;
    }
    System.arraycopy(buf, off, data, dataLength, len);
    dataLength += len;
    hasData = true;
  }

  private void appendToLine(byte[] buf, int off, int len) {
    if (lineLength + len > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + len, line.length * 2));
    }
    System.arraycopy(buf, off, line, lineLength, len);
    lineLength += len;
  }

  private static int indexOf(byte[] buf, int off, int len, byte b) {
    for (int i = off; i < off + len; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean is(byte[] buf, int off, int len, String name) {
    if (len != name.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (buf[off + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
