package io.rtdispatch.frontend.auth;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Who may subscribe to what ({@code rtd.frontend.subscribe}; reference.conf, docs/configuration.md
 * and docs/security.md): the HS256 secret and/or the file of RS256/ES256 public keys subscribe
 * tokens are verified with, the topics anyone may subscribe to, and the clock skew allowed on
 * {@code exp} and {@code nbf}. With neither secret nor key file every topic is public.
 *
 * <p>{@link #toString} never shows the secret.
 *
 * @param jwtSecret the HS256 shared secret (UTF-8 bytes), "" for none
 * @param jwtKeys path of a PEM public key or a JWKS file, "" for none
 */
public record SubscribeSettings(String jwtSecret, String jwtKeys, TopicPatterns publicTopics, Duration clockSkew) {

  /** RFC 7518, 3.2: an HS256 key must be at least as long as the hash output, 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  /** No keys: every topic public (the embedded default). */
  public static final SubscribeSettings OPEN = new SubscribeSettings("", "", TopicPatterns.NONE, Duration.ZERO);

  /** @throws IllegalArgumentException for a short secret, a bad pattern or a negative skew, naming the key */
  public SubscribeSettings {
    if (!jwtSecret.isEmpty() && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("rtd.frontend.subscribe.jwt-secret (RTD_SUBSCRIBE_JWT_SECRET) must be at "
          + "least " + MIN_SECRET_BYTES + " bytes for HS256 (RFC 7518 section 3.2), got "
          + jwtSecret.getBytes(StandardCharsets.UTF_8).length + "; generate one with: openssl rand -base64 48");
    }
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("rtd.frontend.subscribe.clock-skew must not be negative, got " + clockSkew);
    }
  }

  /** Reads {@code rtd.frontend.subscribe} of {@code frontend} (the {@code rtd.frontend} section). */
  public static SubscribeSettings from(Config frontend) {
    Config c = frontend.getConfig("subscribe");
    TopicPatterns publicTopics;
    try {
      publicTopics = TopicPatterns.parse(c.getString("public-topics"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rtd.frontend.subscribe.public-topics (RTD_PUBLIC_TOPICS): " + e.getMessage());
    }
    return new SubscribeSettings(c.getString("jwt-secret"), c.getString("jwt-keys").trim(), publicTopics,
        c.getDuration("clock-skew"));
  }

  /** Whether tokens are checked at all: a secret or a key file is configured. */
  public boolean enabled() {
    return !jwtSecret.isEmpty() || !jwtKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "SubscribeSettings[jwtSecret=" + (jwtSecret.isEmpty() ? "none" : "(set)") + ", jwtKeys=" + jwtKeys
        + ", publicTopics=" + publicTopics + ", clockSkew=" + clockSkew + "]";
  }
}
