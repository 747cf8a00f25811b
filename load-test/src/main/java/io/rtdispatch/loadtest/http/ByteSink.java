package io.rtdispatch.loadtest.http;

/** Receives decoded body bytes; the range is valid only during the call. */
@FunctionalInterface
public interface ByteSink {
  void accept(byte[] bytes, int offset, int length);
}
