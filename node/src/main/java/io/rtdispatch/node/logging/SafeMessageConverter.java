package io.rtdispatch.node.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.rtdispatch.common.logging.LogSafe;

/**
 * Logback's {@code %msg}, escaped and cut by {@link LogSafe#escape}: whatever a library quotes
 * from a request (Akka HTTP's "Illegal request-target: …" warnings quote the raw target), no
 * escape sequence reaches the terminal and no line break forges a log line. Registered as
 * {@code %msg} in logback.xml; the node's own code also escapes values at the call site.
 */
public final class SafeMessageConverter extends ClassicConverter {

  /** Characters of one message kept; long enough for cluster membership lines. */
  static final int MAX_MESSAGE_CHARS = 4000;

  @Override
  public String convert(ILoggingEvent event) {
    return LogSafe.escape(event.getFormattedMessage(), MAX_MESSAGE_CHARS);
  }
}
