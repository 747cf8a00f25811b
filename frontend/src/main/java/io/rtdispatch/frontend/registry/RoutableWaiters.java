package io.rtdispatch.frontend.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.rtdispatch.frontend.registry.TopicRegistrar.Routable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Timer;

/**
 * The registrar's answers to "is this topic routable yet?" (issue 10, "acknowledged means
 * routable"): which topics every dispatcher's view has applied and acknowledged, and who waits for
 * which topic. A view acknowledges a change after its router applied it, so {@code settle}
 * ({@code rtd.frontend.routable-settle}) may be 0. Used by the registrar's actor only.
 */
final class RoutableWaiters {

  /** One asker of a topic not yet routable, and since when ({@link System#nanoTime()}). */
  private record Waiter(ActorRef<Routable> replyTo, long since) {}

  private final ActorContext<?> context;
  private final Duration settle;
  private final Timer waits;
  private final Map<String, List<Waiter>> waiting = new HashMap<>();
  /** Topics every dispatcher acknowledged, with when ({@link System#nanoTime()}). */
  private final Map<String, Long> confirmedAt = new HashMap<>();

  /** @param waits records each waiter's time from {@link #await} to {@link #confirmed} ({@code rtd.frontend.routable.wait}) */
  RoutableWaiters(ActorContext<?> context, Duration settle, Timer waits) {
    this.context = context;
    this.settle = settle;
    this.waits = waits;
  }

  /**
   * Answers at once (after what is left of the settle time) if the topic's registration is
   * confirmed; otherwise remembers the asker until every dispatcher applied it.
   *
   * @return true when the caller must make sure the topic is being announced
   */
  boolean await(String topic, ActorRef<Routable> replyTo) {
    Long at = confirmedAt.get(topic);
    if (at != null) {
      long left = settle.toNanos() - (System.nanoTime() - at);
      answer(replyTo, new Routable(topic, true), left > 0 ? Duration.ofNanos(left) : Duration.ZERO);
      return false;
    }
    waiting.computeIfAbsent(topic, t -> new ArrayList<>()).add(new Waiter(replyTo, System.nanoTime()));
    return true;
  }

  /** Every dispatcher applied the changes adding {@code topics}: they are routable now. */
  void confirmed(List<String> topics) {
    long now = System.nanoTime();
    for (String topic : topics) {
      confirmedAt.put(topic, now);
      List<Waiter> waiters = waiting.remove(topic);
      if (waiters != null) {
        Routable answer = new Routable(topic, true);
        for (Waiter waiter : waiters) {
          waits.record(now - waiter.since(), TimeUnit.NANOSECONDS);
          answer(waiter.replyTo(), answer, settle);
        }
      }
    }
  }

  /** The topic is being unregistered: not routable here any more. */
  void unregistering(String topic) {
    confirmedAt.remove(topic);
  }

  /** The node is shutting down: every waiter hears no. */
  void refuseAll() {
    waiting.forEach((topic, waiters) -> waiters.forEach(w -> w.replyTo().tell(new Routable(topic, false))));
    waiting.clear();
    confirmedAt.clear();
  }

  private void answer(ActorRef<Routable> to, Routable answer, Duration after) {
    if (after.isZero()) {
      to.tell(answer);
    } else {
      context.scheduleOnce(after, to, answer);
    }
  }
}
