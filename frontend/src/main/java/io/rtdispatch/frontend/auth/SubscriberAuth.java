package io.rtdispatch.frontend.auth;

import io.rtdispatch.common.event.TopicPatterns;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.problem.Problem;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may subscribe to what (issue 11; docs/security.md): decides whether the bearer of a signed
 * token (JWT, RFC 7519, verified by nimbus-jose-jwt) may subscribe to some topics.
 *
 * <p>A topic matching {@code rtd.frontend.subscribe.public-topics} needs no token; every other
 * topic needs a token signed with HS256 by the configured secret, or RS256 / ES256 by one of the
 * configured public keys ({@link VerificationKeys}), whose {@code exp} and {@code nbf} (when
 * present) hold within the configured clock skew, and whose {@code topics} claim (an array of
 * {@link TopicPatterns}) matches the topic. With no key configured every topic is public.
 *
 * <p>Thread-safe; no state but its configuration. Refusals are counted by reason
 * ({@code rtd_frontend_subscribe_refused_total{reason=…}}); tokens are never logged or counted.
 */
public final class SubscriberAuth {

  /**
   * Why a subscription was refused: the first three are {@link Problem.Kind#UNAUTHORIZED} (no
   * valid token), {@code FORBIDDEN} is {@link Problem.Kind#FORBIDDEN} (a valid token that does
   * not grant the topic).
   */
  public enum Reason {
    MISSING(Problem.Kind.UNAUTHORIZED), INVALID(Problem.Kind.UNAUTHORIZED), EXPIRED(Problem.Kind.UNAUTHORIZED),
    FORBIDDEN(Problem.Kind.FORBIDDEN);

    private final Problem.Kind kind;

    Reason(Problem.Kind kind) {
      this.kind = kind;
    }

    /** The metric label: {@code missing}, {@code invalid}, {@code expired}, {@code forbidden}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The answer of {@link #check}. */
  public sealed interface Decision {}

  /**
   * Subscribing is allowed.
   *
   * @param endsAt when the token that allowed it stops being valid ({@code exp} plus the clock
   *     skew): a stream holding such a topic must end then; null when no token was needed or it has no {@code exp}
   */
  public record Allowed(Instant endsAt) implements Decision {}

  /** Subscribing is refused for {@code reason}, told as {@code message} (it never quotes the token). */
  public record Refused(Reason reason, String message) implements Decision {

    /** What the subscriber is answered: the reason's kind and the message. */
    public Problem problem() {
      return new Problem(reason.kind, message);
    }
  }

  private static final Allowed ALWAYS = new Allowed(null);
  private static final String BEARER = "bearer ";

  private final SubscribeSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Map<Reason, Counter> refusals = new EnumMap<>(Reason.class);

  /** @param settings with their keys loaded ({@link SubscribeSettings#from}) */
  public SubscriberAuth(SubscribeSettings settings, Metrics metrics) {
    this.settings = settings;
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(null, Set.of());
    claims.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.clockSkew().toSeconds()));
    processor.setJWSKeySelector(settings.keys());
    processor.setJWTClaimsSetVerifier(claims);
    for (Reason reason : Reason.values()) {
      refusals.put(reason, metrics.counter("rtd.frontend.subscribe.refused",
          "Subscriptions refused for want of a valid token granting the topic, by reason", "reason", reason.label()));
    }
  }

  /**
   * The token a request carries: the {@code Authorization: Bearer} header's, else the {@code token}
   * query parameter's (browsers' {@code EventSource} cannot set headers), else null.
   *
   * @param authorization the Authorization header, or null
   * @param queryToken the first {@code token} query parameter, or null
   */
  public static String token(String authorization, String queryToken) {
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    return queryToken;
  }

  /**
   * Whether the bearer of {@code token} (null or "" for none) may subscribe to every one of
   * {@code topics}; the first topic needing a grant it lacks is named in the refusal.
   */
  public Decision check(String token, Collection<String> topics) {
    List<String> guarded = settings.enabled()
        ? topics.stream().filter(topic -> !settings.publicTopics().matches(topic)).toList()
        : List.of();
    if (guarded.isEmpty()) {
      return ALWAYS;
    }
    if (token == null || token.isEmpty()) {
      return refuse(Reason.MISSING, "topic '" + guarded.get(0) + "' needs a subscribe token: send "
          + "'Authorization: Bearer <token>' or a token query parameter");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ExpiredJWTException e) {
      return refuse(Reason.EXPIRED, "the subscribe token has expired; get a new one");
    } catch (BadJWTException e) {
      return refuse(Reason.INVALID, "the subscribe token's claims are not valid: " + e.getMessage());
    } catch (BadJWSException e) {
      return refuse(Reason.INVALID, "the subscribe token's signature does not verify with the configured keys");
    } catch (BadJOSEException | JOSEException e) {
      return refuse(Reason.INVALID, "the subscribe token is not signed with HS256, RS256 or ES256 by a configured key");
    } catch (ParseException e) {
      return refuse(Reason.INVALID, "the subscribe token is not a well-formed signed JWT");
    }
    TopicPatterns granted;
    try {
      List<String> claim = claims.getStringListClaim("topics");
      granted = claim == null ? TopicPatterns.NONE : TopicPatterns.of(claim);
    } catch (ParseException | IllegalArgumentException e) {
      return refuse(Reason.INVALID, "the subscribe token's 'topics' claim must be an array of topic patterns "
          + "(exact names, or a prefix ending in '*')");
    }
    for (String topic : guarded) {
      if (!granted.matches(topic)) {
        return refuse(Reason.FORBIDDEN, "the subscribe token does not grant topic '" + topic + "'");
      }
    }
    Instant expires = claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant();
    return expires == null ? ALWAYS : new Allowed(expires.plus(settings.clockSkew()));
  }

  /** For the start-up log line: whether tokens are checked, with which keys, and the public topics (no secret). */
  public String describe() {
    if (!settings.enabled()) {
      return "subscriber authorization off: every topic is public (set RTD_SUBSCRIBE_JWT_SECRET or "
          + "RTD_SUBSCRIBE_JWT_KEYS to require tokens)";
    }
    return "subscriber authorization on: tokens verified with " + settings.keys() + "; public topics: "
        + (settings.publicTopics().isEmpty() ? "none" : settings.publicTopics()) + "; clock skew "
        + settings.clockSkew().toSeconds() + " s";
  }

  private Refused refuse(Reason reason, String message) {
    refusals.get(reason).increment();
    return new Refused(reason, message);
  }

  /** How long until {@code at} from now, never negative (for scheduling a stream's end). */
  public static Duration untilFromNow(Instant at) {
    Duration left = Duration.between(Instant.now(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
