package io.rtdispatch.frontend.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.rtdispatch.frontend.registry.TopicRegistrar.Routable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registrar's answers to "is this topic routable yet?" (issue 10, "acknowledged means
 * routable"): which topics every dispatcher's view has applied and acknowledged, and who waits for
 * which topic. A view acknowledges a change after its router applied it, so {@code settle}
 * ({@code rtd.frontend.routable-settle}) may be 0. Used by the registrar's actor only.
 */
final class RoutableWaiters {

  private final ActorContext<?> context;
  private final Duration settle;
  private final Map<String, List<ActorRef<Routable>>> waiting = new HashMap<>();
  /** Topics every dispatcher acknowledged, with when ({@link System#nanoTime()}). */
  private final Map<String, Long> confirmedAt = new HashMap<>();

  RoutableWaiters(ActorContext<?> context, Duration settle) {
    this.context = context;
    this.settle = settle;
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
    waiting.computeIfAbsent(topic, t -> new ArrayList<>()).add(replyTo);
    return true;
  }

  /** Every dispatcher applied the changes adding {@code topics}: they are routable now. */
  void confirmed(List<String> topics) {
    long now = System.nanoTime();
    for (String topic : topics) {
      confirmedAt.put(topic, now);
      List<ActorRef<Routable>> waiters = waiting.remove(topic);
      if (waiters != null) {
        Routable answer = new Routable(topic, true);
        waiters.forEach(w -> answer(w, answer, settle));
      }
    }
  }

  /** The topic is being unregistered: not routable here any more. */
  void unregistering(String topic) {
    confirmedAt.remove(topic);
  }

  /** The node is shutting down: every waiter hears no. */
  void refuseAll() {
    waiting.forEach((topic, waiters) -> waiters.forEach(w -> w.tell(new Routable(topic, false))));
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
