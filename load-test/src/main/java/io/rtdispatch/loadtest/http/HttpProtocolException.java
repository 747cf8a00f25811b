package io.rtdispatch.loadtest.http;

/** The peer sent something that is not valid HTTP/1.1; the connection cannot be used any more. */
public final class HttpProtocolException extends RuntimeException {
  public HttpProtocolException(String message) {
    super(message);
  }
}
