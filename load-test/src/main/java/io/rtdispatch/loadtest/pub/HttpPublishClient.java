package io.rtdispatch.loadtest.pub;

import io.rtdispatch.loadtest.http.ResponseDecoder;
import io.rtdispatch.loadtest.http.ResponseHead;
import io.rtdispatch.loadtest.run.Target;
import java.io.ByteArrayOutputStream;
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
 * Several requests can go out pipelined (nchan's stand-in for a batch: see {@link #postAll}).
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
    return postAll(new String[] {path}, new String[] {body}, 1)[0];
  }

  /**
   * POSTs {@code count} requests pipelined on this connection (all written at once, answered in order) and returns
   * their status codes; a status of 0 means no answer came (the connection failed after earlier answers). Throws when
   * the first answer does not come.
   */
  public int[] postAll(String[] paths, String[] bodies, int count) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream(count * 256);
    for (int i = 0; i < count; i++) {
      byte[] payload = bodies[i].getBytes(StandardCharsets.UTF_8);
      request.writeBytes(("POST " + paths[i] + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + Target.port(base)
          + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(payload);
    }
    byte[] bytes = request.toByteArray();
    int[] statuses = new int[count];
    boolean fresh = socket == null;
    try {
      exchange(bytes, statuses);
    } catch (IOException e) {
      close();
      if (statuses[0] != 0) {
        return statuses; // some were answered: the others stay 0 (failed); resending could duplicate them
      }
      if (fresh) {
        throw e;
      }
      // A kept-alive connection the server had closed before answering anything: retry once on a new one.
      exchange(bytes, statuses);
    }
    return statuses;
  }

  private void exchange(byte[] request, int[] statuses) throws IOException {
    if (socket == null) {
      open();
    }
    out.write(request);
    out.flush();
    ResponseDecoder decoder = new ResponseDecoder((b, o, l) -> { });
    int answered = 0;
    while (answered < statuses.length) {
      int n = in.read(buffer);
      if (n < 0) {
        ResponseHead head = decoder.head();
        if (head != null && head.contentLength() < 0 && !head.chunked()) {
          statuses[answered] = head.status();
          close();
          return;
        }
        throw new IOException("connection closed after " + answered + " of " + statuses.length + " responses");
      }
      int offset = 0;
      while (offset < n && answered < statuses.length) {
        offset += decoder.feed(buffer, offset, n - offset);
        if (decoder.head() != null && decoder.isComplete()) {
          ResponseHead head = decoder.head();
          statuses[answered++] = head.status();
          decoder.reset();
          if (head.close()) {
            close();
            if (answered < statuses.length) {
              throw new IOException("server closed the connection after " + answered + " responses");
            }
            return;
          }
        }
      }
    }
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
