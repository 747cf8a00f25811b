package io.rtdispatch.frontend.auth;

import io.rtdispatch.common.event.TopicPatterns;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Who may subscribe to what ({@code rtd.frontend.subscribe}; reference.conf, docs/configuration.md
 * and docs/security.md): the keys subscribe tokens are verified with (the HS256 secret and/or the
 * RS256/ES256 public keys of a file, loaded here so that a bad key stops start-up), the topics
 * anyone may subscribe to, and the clock skew allowed on {@code exp} and {@code nbf}. With no key
 * every topic is public. {@link #toString} never shows the secret.
 */
public record SubscribeSettings(VerificationKeys keys, TopicPatterns publicTopics, Duration clockSkew) {

  /** No keys: every topic public (the embedded default). */
  public static final SubscribeSettings OPEN = of("", "", TopicPatterns.NONE, Duration.ZERO);

  /** @throws IllegalArgumentException for a negative skew */
  public SubscribeSettings {
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("rtd.frontend.subscribe.clock-skew must not be negative, got " + clockSkew);
    }
  }

  /**
   * @param jwtSecret the HS256 shared secret (UTF-8 bytes), "" for none
   * @param jwtKeys path of a PEM public key or a JWKS file, "" for none
   * @throws IllegalArgumentException for a short secret or an unusable key file ({@link VerificationKeys#load}),
   *     or a negative skew, naming the key
   */
  public static SubscribeSettings of(String jwtSecret, String jwtKeys, TopicPatterns publicTopics, Duration clockSkew) {
    return new SubscribeSettings(VerificationKeys.load(jwtSecret, jwtKeys), publicTopics, clockSkew);
  }

  /**
   * Reads {@code subscribe} of {@code frontend} (the {@code rtd.frontend} section) and loads its keys.
   *
   * @throws IllegalArgumentException as {@link #of}, or for a bad public-topics pattern
   */
  public static SubscribeSettings from(Config frontend) {
    Config c = frontend.getConfig("subscribe");
    TopicPatterns publicTopics;
    try {
      publicTopics = TopicPatterns.parse(c.getString("public-topics"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rtd.frontend.subscribe.public-topics (RTD_PUBLIC_TOPICS): " + e.getMessage());
    }
    return of(c.getString("jwt-secret"), c.getString("jwt-keys").trim(), publicTopics, c.getDuration("clock-skew"));
  }

  /** Whether tokens are checked at all: a secret or a key file is configured. */
  public boolean enabled() {
    return !keys.isEmpty();
  }
}
