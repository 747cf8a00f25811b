package io.rtdispatch.common.problem;

/**
 * Why a request or a value is refused, in the domain's words: a {@link Kind} saying what sort of
 * refusal it is and a sentence for the caller. Domain code (validation, limits, parsers) returns or
 * throws these and knows nothing of HTTP; the JSON error helper
 * ({@code io.rtdispatch.common.http.HttpSupport#status}) is the one place that turns a kind into a
 * status, following the contract's error table (docs/api.md, "Errors").
 *
 * @param kind what sort of refusal
 * @param message what is wrong, in words a client can act on; never quotes a secret
 */
public record Problem(Kind kind, String message) {

  /** What sort of refusal a {@link Problem} is. */
  public enum Kind {
    /** The input breaks a rule of the contract (a topic's alphabet, a body's shape). */
    INVALID,
    /** The input is over a size limit (a body, a batch, an event's data). */
    TOO_LARGE,
    /** No valid credentials were presented where they are required. */
    UNAUTHORIZED,
    /** Valid credentials that do not grant what was asked. */
    FORBIDDEN,
    /** What the request names does not exist (a closed connection). */
    NOT_FOUND,
    /** Over a configured limit that waiting does not lift by itself (topics per connection). */
    LIMIT_REACHED,
    /** Over a rate or a queue bound that drains: the same request may succeed shortly. */
    BUSY,
    /** The node cannot answer now (not ready, shutting down, an actor or a peer did not answer). */
    UNAVAILABLE
  }

  public static Problem invalid(String message) {
    return new Problem(Kind.INVALID, message);
  }

  /** The same problem with {@code prefix} before its message ("event 2: ", "invalid topic parameter: "). */
  public Problem prefixed(String prefix) {
    return new Problem(kind, prefix + message);
  }

  /** This problem as an exception, for parsers that stop at the first problem. */
  public ProblemException exception() {
    return new ProblemException(this);
  }
}
