package io.rtdispatch.frontend.connection;

import akka.Done;
import akka.actor.typed.Scheduler;
import io.rtdispatch.frontend.sse.SseFrames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import scala.concurrent.ExecutionContext;

/**
 * Graceful re-homing (issue 10): ends a draining frontend's streams spread over a window, so its
 * browsers reconnect to the other frontends spread out instead of all in the same second.
 *
 * <p>Each open stream gets its own moment, uniformly random in {@code [0, window)}; then it is sent
 * {@code retry: r} with {@code r} uniformly random in {@code [0, retry-hint)} (the browser waits
 * that long after the end before reconnecting, HTML standard 9.2.3) and ended after what is pending
 * was written. Until its moment a stream keeps receiving live events: the node's topics stay
 * registered meanwhile (the caller unregisters them once this completes), so a client misses only
 * what was published between its stream's end and its reconnect, which it recovers with
 * {@code Last-Event-ID}. Streams that end at the same moment, and clients that ignore {@code retry:},
 * stay spread by the moments themselves. New streams are refused from the start (a 200 stream with
 * {@code retry:} and a {@code refused} event, {@code TransientRefusals}).
 */
public final class Rehoming {

  private Rehoming() {}

  /**
   * Refuses new streams and ends the open ones over {@code window}.
   *
   * @param window the spread ({@code rtd.frontend.rehome-window}, fitted to the shutdown phase); 0: all at once
   * @param retryHint the bound of each stream's random {@code retry:} ({@code rtd.frontend.retry-hint})
   * @param grace how long after the window to wait for the last streams to end ({@code rtd.frontend.ask-timeout})
   * @return completes once every stream has ended, or {@code grace} after the window, whichever is first; never fails
   */
  public static CompletionStage<Done> endAll(Connections connections, Duration window, Duration retryHint,
      Duration grace, Scheduler scheduler, ExecutionContext executor) {
    CompletionStage<Done> ended = connections.stopAccepting();
    List<Connections.Connection> open = new ArrayList<>(connections.all());
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (Connections.Connection connection : open) {
      Duration at = Duration.ofNanos(window.isZero() ? 0 : random.nextLong(window.toNanos()));
      Duration retry = Duration.ofMillis(random.nextLong(Math.max(1, retryHint.toMillis())));
      Runnable end = () -> end(connection, retry);
      if (at.isZero()) {
        end.run();
      } else {
        scheduler.scheduleOnce(at, end, executor);
      }
    }
    return ended.toCompletableFuture().copy()
        .completeOnTimeout(Done.getInstance(), window.plus(grace).toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> Done.getInstance());
  }

  private static void end(Connections.Connection connection, Duration retry) {
    connection.outbox().offer(SseFrames.retry(retry));
    connection.actor().tell(ConnectionActor.Close.INSTANCE);
  }

  /**
   * The window the drain can afford: {@code configured}, shrunk so that it plus {@code steps}
   * (the waits that follow it) fits in {@code phaseTimeout}, the coordinated-shutdown phase the drain runs
   * in ({@code akka.coordinated-shutdown.phases.service-requests-done.timeout}); never negative.
   */
  public static Duration fitted(Duration configured, Duration phaseTimeout, Duration steps) {
    Duration room = phaseTimeout.minus(steps);
    if (room.isNegative()) {
      return Duration.ZERO;
    }
    return configured.compareTo(room) > 0 ? room : configured;
  }
}
