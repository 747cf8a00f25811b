package io.rtdispatch.loadtest.run;

import java.util.List;

/**
 * A {@link Disruption} running beside the measurement: started with the publisher, given until the end of the
 * measurement plus its grace time, interrupted beyond that. Its outcome line (or failure) goes to the run's notes.
 */
final class DisruptionThread {
  private final Thread thread;
  private final long deadlineNanos;
  private volatile String outcome;

  private DisruptionThread(Disruption disruption, double measureSeconds) {
    this.deadlineNanos = System.nanoTime() + (long) ((measureSeconds + disruption.graceSeconds()) * 1e9);
    this.thread = new Thread(() -> {
      try {
        outcome = disruption.run(deadlineNanos);
      } catch (InterruptedException e) {
        outcome = "disruption interrupted: it did not finish within the measurement and its grace time";
      } catch (RuntimeException e) {
        outcome = "disruption failed: " + e.getMessage();
      }
    }, "disruption");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts {@code disruption} now, or returns null when there is none. */
  static DisruptionThread start(Disruption disruption, double measureSeconds) {
    return disruption == null ? null : new DisruptionThread(disruption, measureSeconds);
  }

  /** Whether it still runs and its time is not up. */
  boolean running() {
    return thread.isAlive() && System.nanoTime() < deadlineNanos;
  }

  /** Waits for the end until its time is up, interrupts it beyond, and adds its outcome to {@code notes}. */
  void awaitEnd(List<String> notes) throws InterruptedException {
    thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(10_000);
    }
    notes.add(outcome != null ? outcome : "disruption did not end");
  }
}
