package io.rtdispatch.loadtest.dc;

import io.rtdispatch.loadtest.run.Disruption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Restarts every frontend of a launched data center in turn, as a deploy does: after a lead-in, each frontend is
 * stopped gracefully, started again and awaited until ready, then the next one follows after a pause. Clients of a
 * stopped frontend reconnect to the others (see {@code SubscriberConnection}).
 */
public final class RollingRestart implements Disruption {
  private final LaunchedDataCenter dataCenter;
  private final double leadInSeconds;
  private final double pauseSeconds;
  private final double graceSeconds;

  /**
   * @param leadInSeconds time from the start of measuring to the first stop
   * @param pauseSeconds time between one frontend being ready again and the next one's stop
   * @param graceSeconds how long past the end of publishing the restarts may go on
   */
  public RollingRestart(LaunchedDataCenter dataCenter, double leadInSeconds, double pauseSeconds,
      double graceSeconds) {
    this.dataCenter = dataCenter;
    this.leadInSeconds = leadInSeconds;
    this.pauseSeconds = pauseSeconds;
    this.graceSeconds = graceSeconds;
  }

  @Override
  public String run(long deadlineNanos) throws InterruptedException {
    long start = System.nanoTime();
    Thread.sleep((long) (leadInSeconds * 1000));
    List<String> steps = new ArrayList<>();
    for (LaunchedDataCenter.Node frontend : dataCenter.frontends()) {
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalStateException("out of time after " + String.join("; ", steps));
      }
      long stopAt = System.nanoTime();
      dataCenter.stop(frontend.name());
      long stopped = System.nanoTime();
      dataCenter.start(frontend.name());
      long ready = System.nanoTime();
      steps.add(String.format(Locale.ROOT, "%s stopped at %.1f s in %.1f s, ready again %.1f s later",
          frontend.name(), seconds(stopAt - start), seconds(stopped - stopAt), seconds(ready - stopped)));
      Thread.sleep((long) (pauseSeconds * 1000));
    }
    return String.format(Locale.ROOT, "rolling restart of %d frontends done %.1f s into the measurement: %s",
        steps.size(), seconds(System.nanoTime() - start), String.join("; ", steps));
  }

  @Override
  public double graceSeconds() {
    return graceSeconds;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
