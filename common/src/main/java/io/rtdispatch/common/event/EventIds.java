package io.rtdispatch.common.event;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event ids: short, unique across dispatchers and data centers without coordination, and roughly
 * time-ordered so they read well in logs. An id is {@code <ms since epoch, base 36>-<generator
 * tag>-<sequence>}; the tag is random per generator (per dispatcher process), so two dispatchers
 * collide only if they draw the same 8-character tag.
 */
public final class EventIds {

  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

  private final String tag;
  private final AtomicLong sequence = new AtomicLong();

  public EventIds() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    this.tag = sb.toString();
  }

  /**
   * The time part of an id made here, in ms since the epoch: what orders events of different
   * dispatchers (to the precision of their clocks); -1 for an id of another shape.
   */
  public static long millisOf(String id) {
    int dash = id.indexOf('-');
    int tagEnd = dash < 0 ? -1 : id.indexOf('-', dash + 1);
    if (dash < 1 || dash > 13 || tagEnd != dash + 9 || tagEnd == id.length() - 1) {
      return -1;
    }
    try {
      return Long.parseLong(id, 0, dash, 36);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  public String next(long nowMillis) {
    return Long.toString(nowMillis, 36) + '-' + tag + '-' + Long.toString(sequence.incrementAndGet(), 36);
  }
}
