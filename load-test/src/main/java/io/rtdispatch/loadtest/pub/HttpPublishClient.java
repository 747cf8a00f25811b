package io.rtdispatch.loadtest.pub;

import io.rtdispatch.loadtest.http.ResponseDecoder;
import io.rtdispatch.loadtest.http.ResponseHead;
import io.rtdispatch.loadtest.run.Target;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Minimal blocking HTTP/1.1 POST client on one kept-alive connection.
 *
 * <p>Publishing needs only a few connections, each used by one thread, so blocking I/O is the simplest correct
 * choice; owning the client (instead of java.net.http) keeps its CPU cost low and predictable, and the response is
 * read with the same decoder the subscribers use. Reconnects transparently when the server closed the connection.
 */
public final class HttpPublishClient implements Closeable {
  private static final int TIMEOUT_MILLIS = 10_000;

  private final URI base;
  private final byte[] buffer = new byte[8192];
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public HttpPublishClient(URI base) {
    this.base = base;
  }

  public URI base() {
    return base;
  }

  /** POSTs a JSON body and returns the status code. Throws on I/O failure (the connection is then dropped). */
  public int post(String path, String body) throws IOException {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + Target.port(base)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n";
    boolean fresh = socket == null;
    try {
      return exchange(head.getBytes(StandardCharsets.US_ASCII), payload);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      // A kept-alive connection the server had closed: retry once on a new one.
      return exchange(head.getBytes(StandardCharsets.US_ASCII), payload);
    }
  }

  private int exchange(byte[] head, byte[] payload) throws IOException {
    if (socket == null) {
      open();
    }
    out.write(head);
    out.write(payload);
    out.flush();
    ResponseDecoder decoder = new ResponseDecoder((b, o, l) -> { });
    while (decoder.head() == null || !decoder.isComplete()) {
      int n = in.read(buffer);
      if (n < 0) {
        if (decoder.head() != null && decoder.head().contentLength() < 0 && !decoder.head().chunked()) {
          break;
        }
        throw new IOException("connection closed before the response was complete");
      }
      decoder.feed(buffer, 0, n);
    }
    ResponseHead response = decoder.head();
    if (response.close() || (!response.chunked() && response.contentLength() < 0)) {
      close();
    }
    return response.status();
  }

  private void open() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    socket.connect(new InetSocketAddress(base.getHost(), Target.port(base)), TIMEOUT_MILLIS);
    in = socket.getInputStream();
    out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
    socket = null;
  }
}
