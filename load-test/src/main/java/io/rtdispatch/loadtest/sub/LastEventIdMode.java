package io.rtdispatch.loadtest.sub;

/**
 * How a reconnecting client tells the server the last event it received, as a browser's EventSource does
 * (HTML standard 9.2: the {@code Last-Event-ID} request header on every reconnect once a frame carried an
 * {@code id:}). Ours also takes a {@code lastEventId} query parameter for clients that cannot set headers; nchan
 * only the header.
 */
public enum LastEventIdMode {
  /** {@code Last-Event-ID: <id>} header (what browsers send). */
  HEADER,
  /** {@code &lastEventId=<id>} query parameter (ours only). */
  QUERY,
  /** Nothing: reconnects start from the live stream (the behaviour of this tool before Last-Event-ID). */
  NONE
}
