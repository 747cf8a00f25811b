package io.rtdispatch.frontend.registry;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registrar's book of dispatchers' views: which views there are, the latest change number each acknowledged,
 * and the topics added by each change not yet acknowledged by all of them. Used by the registrar's actor only.
 */
final class ViewAcks {

  private final Map<ActorRef<ToView>, Long> acked = new HashMap<>();
  private final TreeMap<Long, List<String>> unconfirmed = new TreeMap<>();

  Set<ActorRef<ToView>> views() {
    return acked.keySet();
  }

  boolean knows(ActorRef<ToView> view) {
    return acked.containsKey(view);
  }

  /** A view to send to from now on, with nothing acknowledged yet. */
  void add(ActorRef<ToView> view) {
    acked.putIfAbsent(view, -1L);
  }

  void remove(ActorRef<ToView> view) {
    acked.remove(view);
  }

  /** Change {@code seq} added {@code topics}; they are confirmed once every view acknowledged it. */
  void sent(long seq, List<String> topics) {
    unconfirmed.put(seq, topics);
  }

  void ack(ActorRef<ToView> view, long seq) {
    acked.computeIfPresent(view, (v, previous) -> Math.max(previous, seq));
  }

  /**
   * The topics of every change each view acknowledged by now; they leave the book. None while
   * {@code viewsComplete} is false: an Up dispatcher's view is not known to this registrar yet (the
   * Receptionist's listing spreads by gossip, after membership), and that dispatcher would not route
   * them. With no view and no dispatcher, all of them (a data center without dispatchers routes
   * nothing anyway).
   */
  List<String> confirmed(boolean viewsComplete) {
    if (!viewsComplete) {
      return new ArrayList<>();
    }
    long low = acked.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    List<String> topics = new ArrayList<>();
    while (!unconfirmed.isEmpty() && unconfirmed.firstKey() <= low) {
      topics.addAll(unconfirmed.pollFirstEntry().getValue());
    }
    return topics;
  }

  /**
   * Whether every address in {@code dispatchers} has a known view; a view on this node (a local
   * reference, whose path has no host) counts as {@code self}.
   */
  boolean coversAll(Set<Address> dispatchers, Address self) {
    Set<Address> covered = new HashSet<>();
    for (ActorRef<ToView> view : acked.keySet()) {
      Address address = view.path().address();
      covered.add(address.hasLocalScope() ? self : address);
    }
    return covered.containsAll(dispatchers);
  }

  /** Whether every view acknowledged {@code seq}. */
  boolean allAcked(long seq) {
    return acked.values().stream().allMatch(a -> a >= seq);
  }
}
