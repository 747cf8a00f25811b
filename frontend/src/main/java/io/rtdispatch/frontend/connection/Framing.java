package io.rtdispatch.frontend.connection;

/** How a stream's response body is delimited, which decides how its {@link Outbox} frames a write. */
public enum Framing {
  /** HTTP/1.1 chunked transfer coding (RFC 9112, 7.1): each write is one chunk. */
  CHUNKED,
  /** The body is the bytes themselves, ended by closing the connection (HTTP/1.0 clients). */
  CLOSE_DELIMITED
}
