package io.rtdispatch.frontend.connection;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Connection ids: {@code <random>.<owner>}, 128 random bits (22 characters of URL-safe base64)
 * followed by the node id of the frontend holding the stream
 * ({@link io.rtdispatch.common.registry.Binding#nodeId}: its cluster UID in base 36, 1-13
 * characters of {@code 0-9 a-z}).
 *
 * <p>The random part is what makes an id a capability (knowing one allows changing that stream's
 * subscriptions), so it stays unguessable; the owner part only says which frontend of the data
 * center to forward a subscription change to (issue 11, "subscriptions through any frontend").
 * A node id names one incarnation of a node, so an id from before a restart never reaches the
 * restarted node's streams. Ids at most 36 characters, within the 64 that {@code /subscriptions} takes.
 */
public final class ConnectionIds {

  /** Between the random part and the owner; never in URL-safe base64 or a node id. */
  public static final char SEPARATOR = '.';

  private static final int RANDOM_BYTES = 16;
  private static final int RANDOM_CHARS = 22;
  private static final int MAX_OWNER_CHARS = 13;
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  private final String suffix;

  /**
   * @param owner this frontend's node id
   * @throws IllegalArgumentException if it is not 1-13 characters of {@code 0-9 a-z}
   */
  public ConnectionIds(String owner) {
    if (!validOwner(owner)) {
      throw new IllegalArgumentException("a connection id's owner must be 1-" + MAX_OWNER_CHARS
          + " characters of 0-9 a-z (a node id), got '" + owner + "'");
    }
    this.suffix = SEPARATOR + owner;
  }

  /** A new id owned by this frontend; thread-safe. */
  public String next() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.get().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + suffix;
  }

  /**
   * The node id of the frontend holding the stream with id {@code id}, or null if {@code id} is
   * not of this shape (made up, or from a node of an older version): such a connection is
   * unknown everywhere but locally.
   */
  public static String owner(String id) {
    if (id == null || id.length() < RANDOM_CHARS + 2 || id.charAt(RANDOM_CHARS) != SEPARATOR) {
      return null;
    }
    for (int i = 0; i < RANDOM_CHARS; i++) {
      char c = id.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return null;
      }
    }
    String owner = id.substring(RANDOM_CHARS + 1);
    return validOwner(owner) ? owner : null;
  }

  private static boolean validOwner(String owner) {
    if (owner == null || owner.isEmpty() || owner.length() > MAX_OWNER_CHARS) {
      return false;
    }
    return owner.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9');
  }
}
