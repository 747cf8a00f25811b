package io.rtdispatch.common.settings;

import io.rtdispatch.common.logging.LogSafe;
import java.net.BindException;
import java.util.Locale;

/**
 * A port this node must listen on could not be bound, in words an operator can act on: the
 * address, why, and the setting and environment variable to change (issue 9: "a 28-line stack
 * trace when the cluster port is taken, without naming RTD_CLUSTER_PORT"). The node's main prints
 * {@link #getMessage()} as its one error line and exits non-zero.
 */
public final class BindFailure extends RuntimeException {

  private BindFailure(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /**
   * @param cause what the server reported (a {@link BindException} somewhere in its causes, or
   *     Akka's and Netty's wrappers saying "Bind failed" / "bind(..) failed")
   * @param host the interface, as configured
   * @param port the port, as configured
   * @param portSetting e.g. {@code rtd.frontend.http.port}
   * @param portEnv e.g. {@code RTD_FRONTEND_PORT}
   * @param hostEnv the variable choosing the interface, e.g. {@code RTD_FRONTEND_INTERFACE}
   */
  public static BindFailure of(Throwable cause, String host, int port, String portSetting, String portEnv,
      String hostEnv) {
    return new BindFailure("cannot listen on " + host + ":" + port + " (" + reason(cause) + "); set " + portSetting
        + " (" + portEnv + ") to a free port, or " + hostEnv + " to an address of this machine", cause);
  }

  /** Whether {@code failure} (or one of its causes) is a failure to bind a listening socket. */
  public static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof BindException || t instanceof BindFailure || message.contains("bind failed")
          || message.contains("bind(..) failed") || message.contains("failed to bind")) {
        return true;
      }
    }
    return false;
  }

  /** The operating system's words for why ("address already in use"), without wrappers. */
  static String reason(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(' ').append(t.getMessage());
    }
    String text = all.toString().toLowerCase(Locale.ROOT);
    for (String known : new String[] {"address already in use", "cannot assign requested address",
        "permission denied", "address not available"}) {
      if (text.contains(known)) {
        return known + (known.equals("permission denied") ? ": ports below 1024 need privileges" : "");
      }
    }
    return LogSafe.text(failure.getMessage());
  }
}
