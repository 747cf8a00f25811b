package io.rtdispatch.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response's status and headers (names in lower case), read off a socket byte by byte so
 * that nothing of the body is consumed: for tests that look at the bytes on the wire.
 */
public record HttpHead(int status, Map<String, String> headers) {

  /** The value of header {@code name} (any case), or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Reads the status line and the headers up to the empty line that ends them. */
  public static HttpHead read(InputStream in) throws IOException {
    int status = Integer.parseInt(readLine(in).split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new HttpHead(status, headers);
  }

  /** One line, without its line end (CR LF or LF). */
  public static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("stream ended");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
