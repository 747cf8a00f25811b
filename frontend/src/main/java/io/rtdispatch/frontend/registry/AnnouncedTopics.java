package io.rtdispatch.frontend.registry;

import akka.actor.typed.ActorRef;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToRegistrar;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The topic set of this frontend as every dispatcher's view holds it once it applied change number {@link #seq},
 * and the numbered messages that bring a view there ({@link RegistryProtocol}): deltas for changes, a snapshot for
 * a view that is new or missed one. Each message carries at most {@code chunkBytes} of topics (every topic counted
 * as its length + 2), so none comes near Artery's frame limit. Used by the {@link TopicRegistrar}'s actor only.
 */
final class AnnouncedTopics {

  private final Set<String> topics = new HashSet<>();
  private final String nodeId;
  private final int chunkBytes;
  private final ActorRef<ToRegistrar> inbox;
  private long seq;

  /**
   * @param nodeId this frontend's node id, in every message
   * @param chunkBytes most topic bytes in one message ({@code rtd.registry.chunk-bytes})
   * @param inbox where views answer (acknowledgements, snapshot requests)
   */
  AnnouncedTopics(String nodeId, int chunkBytes, ActorRef<ToRegistrar> inbox) {
    this.nodeId = nodeId;
    this.chunkBytes = chunkBytes;
    this.inbox = inbox;
  }

  /**
   * Applies {@code changes} (topic → announce (true) or withdraw (false)) and hands the changes that were not
   * already so to {@code send} as numbered deltas; nothing if every change was.
   */
  void apply(Map<String, Boolean> changes, Consumer<RegistryProtocol.Delta> send) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    int bytes = 0;
    for (Map.Entry<String, Boolean> change : changes.entrySet()) {
      String topic = change.getKey();
      if (change.getValue() ? topics.add(topic) : topics.remove(topic)) {
        (change.getValue() ? added : removed).add(topic);
        bytes += topic.length() + 2;
        if (bytes >= chunkBytes) {
          send.accept(delta(added, removed));
          added = new ArrayList<>();
          removed = new ArrayList<>();
          bytes = 0;
        }
      }
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
      send.accept(delta(added, removed));
    }
  }

  private RegistryProtocol.Delta delta(List<String> added, List<String> removed) {
    seq++;
    return new RegistryProtocol.Delta(nodeId, seq, List.copyOf(added), List.copyOf(removed), inbox);
  }

  /** Sends {@code view} the whole set as of {@link #seq}, in chunks (the last one marked). */
  void sendSnapshot(ActorRef<ToView> view) {
    List<String> chunk = new ArrayList<>();
    int bytes = 0;
    boolean first = true;
    for (String topic : topics) {
      chunk.add(topic);
      bytes += topic.length() + 2;
      if (bytes >= chunkBytes) {
        view.tell(new RegistryProtocol.SnapshotChunk(nodeId, seq, first, false, chunk, inbox));
        chunk = new ArrayList<>();
        bytes = 0;
        first = false;
      }
    }
    view.tell(new RegistryProtocol.SnapshotChunk(nodeId, seq, first, true, chunk, inbox));
  }

  /** The heartbeat that tells a view the latest change number. */
  RegistryProtocol.Heartbeat heartbeat() {
    return new RegistryProtocol.Heartbeat(nodeId, seq, inbox);
  }

  /** The number of the latest change sent. */
  long seq() {
    return seq;
  }

  boolean contains(String topic) {
    return topics.contains(topic);
  }

  int size() {
    return topics.size();
  }

  /** A copy of the set. */
  Set<String> topics() {
    return Set.copyOf(topics);
  }
}
