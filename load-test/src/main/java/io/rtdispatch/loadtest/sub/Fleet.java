package io.rtdispatch.loadtest.sub;

import java.util.List;

/**
 * A group of subscribers, in this process ({@link LocalFleet}) or in a worker process ({@link RemoteFleet}).
 * The coordinator drives every fleet through this interface, so a run looks the same with one process or many.
 */
public interface Fleet extends AutoCloseable {

  /** Returns once the fleet can start at once (a worker process is up); a local fleet always can. */
  default void awaitReady() {
  }

  /** Starts connecting (paced by the configured ramp). */
  void start();

  /** True once every connection was attempted and none is still connecting. */
  boolean connectPhaseDone();

  FleetSnapshot snapshot();

  /** Topic indices (with repeats) that have an open stream not yet routable. */
  List<Integer> pendingTopics();

  /** Marks the start of measurement; returns topic indices (with repeats) of slots that were not open. */
  List<Integer> markMeasureStart();

  /** Closes the given share of open streams and reconnects them at once; returns how many. */
  int storm(double fraction);

  /** Closes all connections and returns the totals. */
  FleetResult finish();

  @Override
  void close();
}
