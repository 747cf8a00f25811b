package io.rtdispatch.common.problem;

/**
 * A {@link Problem} thrown by code that stops at the first one (body parsers, the batch decoder).
 * Carries no stack trace: it is an answer to bad input, not a bug.
 */
public final class ProblemException extends Exception {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.message(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
