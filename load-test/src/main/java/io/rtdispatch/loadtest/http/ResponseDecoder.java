package io.rtdispatch.loadtest.http;

import java.util.Arrays;

/**
 * Incremental HTTP/1.1 response decoder: collects the head, then passes body bytes to a sink according to the
 * framing the head announced (chunked, Content-Length, or until the connection closes, the usual SSE framing of
 * servers that stream without chunking). Used both by the non-blocking subscribers and the blocking publisher.
 */
public final class ResponseDecoder {
  private static final int MAX_HEAD = 16 * 1024;

  private final ByteSink bodySink;
  private byte[] head = new byte[256];
  private int headLength;
  private ResponseHead response;
  private ChunkedDecoder chunked;
  private long bodyRemaining;
  private boolean complete;

  public ResponseDecoder(ByteSink bodySink) {
    this.bodySink = bodySink;
  }

  /**
   * Feeds bytes read from the connection.
   *
   * @return bytes consumed (fewer than given only once the response is complete)
   */
  public int feed(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    if (response == null) {
      i = collectHead(bytes, i, end);
      if (response == null) {
        return length;
      }
    }
    if (complete || i == end) {
      return i - offset;
    }
    if (chunked != null) {
      i += chunked.decode(bytes, i, end - i, bodySink);
      complete = chunked.isDone();
    } else if (bodyRemaining >= 0) {
      int n = (int) Math.min(bodyRemaining, end - i);
      bodySink.accept(bytes, i, n);
      bodyRemaining -= n;
      i += n;
      complete = bodyRemaining == 0;
    } else {
      bodySink.accept(bytes, i, end - i);
      i = end;
    }
    return i - offset;
  }

  /**
   * Consumes only head bytes, so a caller can act on the head (e.g. note when a stream opened) before any body byte
   * is processed. Returns bytes consumed; the head is complete when {@link #head()} is non-null.
   */
  public int feedHead(byte[] bytes, int offset, int length) {
    return response != null ? 0 : collectHead(bytes, offset, offset + length) - offset;
  }

  /** The response head, or null while it is still incomplete. */
  public ResponseHead head() {
    return response;
  }

  /** True when the body's framing says it has ended (never for a read-until-close stream). */
  public boolean isComplete() {
    return complete;
  }

  /** Prepares for the next response on a kept-alive connection. */
  public void reset() {
    headLength = 0;
    response = null;
    chunked = null;
    complete = false;
  }

  private int collectHead(byte[] bytes, int i, int end) {
    while (i < end) {
      byte b = bytes[i++];
      if (headLength == head.length) {
        if (head.length >= MAX_HEAD) {
          throw new HttpProtocolException("response head longer than " + MAX_HEAD + " bytes");
        }
        head = Arrays.copyOf(head, Math.max(256, head.length * 2));
      }
      head[headLength++] = b;
      if (b == '\n' && endsWithBlankLine()) {
        response = ResponseHead.parse(head, 0, headLength);
        chunked = response.chunked() ? new ChunkedDecoder() : null;
        boolean noBody = response.status() == 204 || response.status() == 304 || response.status() < 200;
        bodyRemaining = noBody ? 0 : response.chunked() ? -1 : response.contentLength();
        chunked = noBody ? null : chunked;
        complete = bodyRemaining == 0;
        head = new byte[0];
        return i;
      }
    }
    return i;
  }

  private boolean endsWithBlankLine() {
    int n = headLength;
    if (n >= 2 && head[n - 2] == '\n') {
      return true;
    }
    return n >= 4 && head[n - 2] == '\r' && head[n - 3] == '\n';
  }
}
