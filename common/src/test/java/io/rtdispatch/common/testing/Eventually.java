package io.rtdispatch.common.testing;

import java.time.Duration;

/** Polls a condition until it holds; the waiting, never the timing, is part of a test. */
public final class Eventually {

  public interface Check {
    void run() throws Exception;
  }

  private Eventually() {}

  /** Re-runs {@code check} until it passes, rethrowing its last failure after {@code timeout}. */
  public static void eventually(Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(25);
      }
    }
  }
}
