package io.rtdispatch.loadtest.run;

/**
 * Something done to the servers while a scenario measures (the rolling restart of every frontend). The runner
 * starts it with the publisher on a thread of its own, keeps probing streams that reconnected, and waits for it
 * before the drain.
 */
public interface Disruption {

  /**
   * Does the work; returns one line for the run's notes (what was done, how long it took).
   *
   * @param deadlineNanos {@code System.nanoTime()} by which it must have returned
   * @throws InterruptedException when the runner gives up on it
   * @throws RuntimeException when the servers did not do what was asked (the message goes to the notes)
   */
  String run(long deadlineNanos) throws InterruptedException;

  /** Seconds the runner waits for it after publishing ended, beyond which it is interrupted. */
  double graceSeconds();
}
