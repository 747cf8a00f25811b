package io.rtdispatch.common.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.List;

/**
 * How a frontend tells the dispatchers of its data center which topics it has subscribers for.
 *
 * <p>Each frontend is the only writer of its own topic set, so no CRDT is needed: the frontend's registrar numbers
 * its changes ({@code seq} 1, 2, 3 …) and sends each {@link Delta} to every dispatcher's registry view (found with
 * the Receptionist under {@link #VIEWS}). Artery keeps the order of messages between one sender and one receiver, so
 * a view applies deltas in order and acknowledges each ({@link Ack}); a view that sees a gap, or a frontend it does
 * not know, asks for a {@link SnapshotRequest snapshot}: the whole topic set as of one {@code seq}, in
 * {@link SnapshotChunk}s below Artery's frame size. A frontend sends a snapshot unasked to every view it has not
 * seen before (a dispatcher that starts or restarts), and a {@link Heartbeat} with its latest {@code seq} every
 * {@code rtd.registry.heartbeat-interval}, so a lost message is noticed. A topic is routable once every view
 * acknowledged a {@code seq} at or after the delta that added it.
 *
 * <p>Every message carries the frontend's node id ({@link Binding#nodeId}) and where to answer. The wire encoding is
 * {@link RegistryProtocolSerializer} (topic strings, nothing else).
 */
public final class RegistryProtocol {

  /** Dispatchers register their registry view under this key. */
  public static final ServiceKey<ToView> VIEWS = ServiceKey.create(ToView.class, "rtd-registry-views");

  private RegistryProtocol() {}

  /** Marker for the serializer binding. */
  public interface Message {}

  /** From a frontend's registrar to a dispatcher's view. */
  public sealed interface ToView extends Message {
    String nodeId();

    long seq();

    ActorRef<ToRegistrar> registrar();
  }

  /** From a dispatcher's view to a frontend's registrar. */
  public sealed interface ToRegistrar extends Message {}

  /** Change {@code seq} of a frontend's topic set: applies on top of {@code seq - 1}. */
  public record Delta(String nodeId, long seq, List<String> added, List<String> removed,
      ActorRef<ToRegistrar> registrar) implements ToView {}

  /** Part of the frontend's whole topic set as of {@code seq}; {@code first} starts one, {@code last} ends it. */
  public record SnapshotChunk(String nodeId, long seq, boolean first, boolean last, List<String> topics,
      ActorRef<ToRegistrar> registrar) implements ToView {}

  /** The frontend's latest {@code seq}: a view that holds another asks for a snapshot. */
  public record Heartbeat(String nodeId, long seq, ActorRef<ToRegistrar> registrar) implements ToView {}

  /** The view applied everything up to {@code seq}. */
  public record Ack(ActorRef<ToView> view, long seq) implements ToRegistrar {}

  /**
   * Who the view is: its dispatcher's node id ({@link Binding#nodeId}) and the internal base URL
   * ({@code http://host:port}) its recent history is asked at ({@code GET /internal/history}). Sent
   * once per frontend, before the view's first {@link Ack} to it, so a frontend that holds a topic
   * routable (every Up dispatcher's view acknowledged) knows where each of them keeps its history.
   */
  public record ViewInfo(ActorRef<ToView> view, String nodeId, String historyUrl) implements ToRegistrar {}

  /** The view needs the whole topic set. */
  public record SnapshotRequest(ActorRef<ToView> view) implements ToRegistrar {}

  /**
   * A child actor that hands every message to {@code to}: it gives an actor whose own message type is another one a
   * plain actor reference to put in the Receptionist and in messages to other nodes.
   */
  public static <T> Behavior<T> forwarder(ActorRef<T> to) {
    return Behaviors.receiveMessage(message -> {
      to.tell(message);
      return Behaviors.same();
    });
  }
}
