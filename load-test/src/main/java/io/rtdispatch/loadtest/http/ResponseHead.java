package io.rtdispatch.loadtest.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Status and the few headers a streaming client acts on. */
public record ResponseHead(int status, String contentType, boolean chunked, long contentLength, boolean close) {

  /** Parses a complete head (status line + headers, without the blank line). */
  public static ResponseHead parse(byte[] bytes, int offset, int length) {
    String text = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new HttpProtocolException("not an HTTP/1.x status line: " + abbreviate(lines[0]));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("bad status code in: " + abbreviate(lines[0]));
    }
    String contentType = null;
    boolean chunked = false;
    long contentLength = -1;
    boolean close = statusLine[0].equals("HTTP/1.0");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "content-type" -> contentType = value;
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "content-length" -> contentLength = parseLength(value);
        case "connection" -> close = value.equalsIgnoreCase("close") || (close && !value.equalsIgnoreCase("keep-alive"));
        default -> { }
      }
    }
    return new ResponseHead(status, contentType, chunked, chunked ? -1 : contentLength, close);
  }

  public boolean isEventStream() {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new HttpProtocolException("bad Content-Length: " + abbreviate(value));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
