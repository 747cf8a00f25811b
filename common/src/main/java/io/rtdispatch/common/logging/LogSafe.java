package io.rtdispatch.common.logging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes values that came from outside the process (topics, headers, paths, bodies, exception
 * messages quoting them) safe to put in a log line: control characters, line and paragraph
 * separators, Unicode format characters (bidi overrides, zero-width) and lone surrogates are
 * escaped ({@code \n}, {@code \r}, {@code \t}, otherwise {@code \}{@code uXXXX}), so
 * no client byte can move a terminal's cursor, recolour it or forge a log line; and the result is
 * cut to a length. Issue 9: "never raw client bytes in logs".
 *
 * <p>Also turns capabilities (connection ids let whoever holds one change that stream's
 * subscriptions) into a short non-reversible {@link #fingerprint} for DEBUG lines.
 */
public final class LogSafe {

  /** Characters of one value kept by {@link #text}: enough to recognise a topic or a path. */
  public static final int MAX_VALUE_CHARS = 120;

  private LogSafe() {}

  /** {@code value} escaped and cut to {@link #MAX_VALUE_CHARS}; {@code "null"} for null. */
  public static String text(Object value) {
    return escape(String.valueOf(value), MAX_VALUE_CHARS);
  }

  /**
   * {@code s} with every character that could act on a terminal or split a line escaped, cut to
   * at most {@code maxChars} characters of the input followed by {@code …(+N chars)} when longer.
   * Returns {@code s} itself when nothing needs changing (the common case costs one scan).
   */
  public static String escape(String s, int maxChars) {
    int limit = Math.min(s.length(), maxChars);
    if (limit > 0 && limit < s.length() && Character.isHighSurrogate(s.charAt(limit - 1))) {
      limit--; // never cut a surrogate pair in half
    }
    int first = firstUnsafe(s, limit);
    if (first == limit && limit == s.length()) {
      return s;
    }
    StringBuilder out = new StringBuilder(limit + 16).append(s, 0, first);
    for (int i = first; i < limit; i++) {
      char c = s.charAt(i);
      if (!unsafe(s, i)) {
        out.append(c);
        if (Character.isHighSurrogate(c)) {
          out.append(s.charAt(++i)); // its low half, checked by unsafe()
        }
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    if (limit < s.length()) {
      out.append("…(+").append(s.length() - limit).append(" chars)");
    }
    return out.toString();
  }

  /**
   * A short, stable, non-reversible label for a secret-like value (a connection id): the first
   * 8 hex digits of its SHA-256. Enough to correlate DEBUG lines about one stream; useless for
   * changing its subscriptions.
   */
  public static String fingerprint(String secret) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(secret).getBytes(StandardCharsets.UTF_8));
      return "#" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static int firstUnsafe(String s, int limit) {
    for (int i = 0; i < limit; i++) {
      if (unsafe(s, i)) {
        return i;
      }
      if (Character.isHighSurrogate(s.charAt(i))) {
        i++;
      }
    }
    return limit;
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (c >= 0x20 && c < 0x7f) {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
      default -> false;
    };
  }
}
