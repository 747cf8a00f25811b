package io.rtdispatch.dispatcher.registry;

import akka.actor.typed.ActorRef;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dispatcher's copy of every frontend's topic set, kept by the frontends' {@link RegistryProtocol} messages:
 * deltas applied in order and acknowledged, a snapshot asked for on a gap or an unknown frontend, a frontend dropped
 * when it leaves the cluster. Owned by one actor; answers go straight to the frontend's registrar.
 */
final class FrontendTopics {

  private static final Logger log = LoggerFactory.getLogger(FrontendTopics.class);
  /** Node ids of frontends removed from the cluster remembered, so a late message cannot bring them back. */
  private static final int REMOVED_KEPT = 1024;

  private static final class State {
    final int index;
    /** The empty set is every frontend's state at change 0. */
    long seq;
    boolean awaitingSnapshot;
    Set<String> snapshot;
    /** The acknowledgement held back while this view cannot route to the frontend yet, or null. */
    ActorRef<RegistryProtocol.ToRegistrar> heldFor;
    /** Whether the frontend got this view's {@link RegistryProtocol.ViewInfo} (sent before the first acknowledgement). */
    boolean introduced;

    State(int index) {
      this.index = index;
    }
  }

  private final TopicIndex index = new TopicIndex();
  private final Map<String, State> frontends = new HashMap<>();
  private final BitSet usedIndexes = new BitSet();
  private final Set<String> removed = new LinkedHashSet<>();
  private final ActorRef<ToView> self;
  private final String nodeId;
  /** This dispatcher's internal base URL once its port is bound; acknowledgements wait for it. */
  private String historyUrl;

  /**
   * @param self where frontends answer this view (the reference registered in the Receptionist)
   * @param nodeId this dispatcher's node id ({@link io.rtdispatch.common.registry.Binding#nodeId})
   */
  FrontendTopics(ActorRef<ToView> self, String nodeId) {
    this.self = self;
    this.nodeId = nodeId;
  }

  /** This dispatcher's internal base URL, told to each frontend before the first acknowledgement. */
  void historyAt(String url) {
    historyUrl = url;
  }

  /** The index of frontend {@code nodeId} for {@link TopicIndex#has}, or -1 if it has no topics here. */
  int indexOf(String nodeId) {
    State state = frontends.get(nodeId);
    return state == null ? -1 : state.index;
  }

  Object bitsOf(String topic) {
    return index.bitsOf(topic);
  }

  long entries() {
    return index.entries();
  }

  /**
   * Applies a frontend's message. A change is acknowledged at once when {@code canRoute} (the
   * frontend is routable from this view: Up, reachable, endpoint known) and this dispatcher's
   * internal URL is known, else held until {@link #release} says so: "routable" at a frontend
   * promises that this dispatcher routes the topic (a topic known before the frontend's endpoint
   * would still be dropped) and that the frontend knows where to ask this dispatcher's history.
   */
  void apply(ToView message, boolean canRoute) {
    if (removed.contains(message.nodeId())) {
      return;
    }
    State state = frontends.computeIfAbsent(message.nodeId(), id -> {
      int free = usedIndexes.nextClearBit(0);
      usedIndexes.set(free);
      return new State(free);
    });
    if (message instanceof RegistryProtocol.Delta delta) {
      if (state.awaitingSnapshot) {
        return; // older than the snapshot on its way, which comes after it (Artery keeps the pair's order)
      }
      if (delta.seq() != state.seq + 1) {
        askSnapshot(state, message);
        return;
      }
      delta.added().forEach(topic -> index.add(topic, state.index));
      delta.removed().forEach(topic -> index.remove(topic, state.index));
      state.seq = delta.seq();
      acknowledge(state, delta.registrar(), canRoute);
    } else if (message instanceof RegistryProtocol.SnapshotChunk chunk) {
      if (chunk.first()) {
        state.snapshot = new HashSet<>();
      }
      if (state.snapshot == null) {
        return; // the rest of a snapshot whose start this view did not see; a later one replaces it
      }
      state.snapshot.addAll(chunk.topics());
      if (chunk.last()) {
        index.replace(state.index, state.snapshot);
        state.snapshot = null;
        state.seq = chunk.seq();
        state.awaitingSnapshot = false;
        acknowledge(state, chunk.registrar(), canRoute);
      }
    } else if (message instanceof RegistryProtocol.Heartbeat beat) {
      if (state.awaitingSnapshot || beat.seq() != state.seq) {
        askSnapshot(state, message);
      }
    }
  }

  private void acknowledge(State state, ActorRef<RegistryProtocol.ToRegistrar> registrar, boolean canRoute) {
    if (canRoute && historyUrl != null) {
      state.heldFor = null;
      if (!state.introduced) {
        registrar.tell(new RegistryProtocol.ViewInfo(self, nodeId, historyUrl));
        state.introduced = true;
      }
      registrar.tell(new RegistryProtocol.Ack(self, state.seq));
    } else {
      state.heldFor = registrar;
    }
  }

  /** Sends the held acknowledgements of frontends that {@code canRoute} now accepts. */
  void release(Predicate<String> canRoute) {
    frontends.forEach((nodeId, state) -> {
      if (state.heldFor != null && canRoute.test(nodeId)) {
        acknowledge(state, state.heldFor, true);
      }
    });
  }

  /** A frontend left the cluster: its topics go, and nothing it sent later is taken. */
  void frontendRemoved(String nodeId) {
    State state = frontends.remove(nodeId);
    removed.add(nodeId);
    if (removed.size() > REMOVED_KEPT) {
      removed.remove(removed.iterator().next());
    }
    if (state != null) {
      index.removeAll(state.index, Set.of());
      usedIndexes.clear(state.index);
      log.info("Dropped the topics of frontend {}, which left the cluster", nodeId);
    }
  }

  private void askSnapshot(State state, ToView message) {
    state.awaitingSnapshot = true;
    message.registrar().tell(new RegistryProtocol.SnapshotRequest(self));
  }
}
