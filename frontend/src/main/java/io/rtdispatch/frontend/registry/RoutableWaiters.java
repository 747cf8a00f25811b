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
 * routable"): which topics a registry write with {@code write-consistency = all} has put on every
 * node of the data center, and who waits for which topic's write.
 *
 * <p>A dispatcher's router learns of a change that reached its replica at the replica's next
 * change notification ({@code akka.cluster.distributed-data.notify-subscribers-interval}), so an
 * answer goes out {@code settle} after the write was acknowledged, not at once. Used by the
 * registrar's actor only.
 */
final class RoutableWaiters {

  private final ActorContext<?> context;
  private final Duration settle;
  private final Map<String, List<ActorRef<Routable>>> waiting = new HashMap<>();
  /** Topics whose registration every node acknowledged, with when ({@link System#nanoTime()}). */
  private final Map<String, Long> confirmedAt = new HashMap<>();

  RoutableWaiters(ActorContext<?> context, Duration settle) {
    this.context = context;
    this.settle = settle;
  }

  /**
   * Answers at once (after what is left of the settle time) if the topic's registration is
   * confirmed; otherwise remembers the asker until a write adding the topic completes.
   *
   * @return true when the caller must make sure such a write happens
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

  /** A write of {@code changes} (topic → added) completed, acknowledged by every node or not. */
  void written(Map<String, Boolean> changes, boolean acknowledged) {
    long now = System.nanoTime();
    changes.forEach((topic, added) -> {
      if (!added) {
        return;
      }
      if (acknowledged) {
        confirmedAt.put(topic, now);
      } else {
        confirmedAt.remove(topic);
      }
      List<ActorRef<Routable>> waiters = waiting.remove(topic);
      if (waiters != null) {
        Routable answer = new Routable(topic, acknowledged);
        waiters.forEach(w -> answer(w, answer, acknowledged ? settle : Duration.ZERO));
      }
    });
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
