package io.rtdispatch.common.history;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where a frontend finds the history of each dispatcher of its data center, by the dispatcher's
 * node id ({@link io.rtdispatch.common.registry.Binding#nodeId}):
 * <ul>
 *   <li>a dispatcher running in this actor system registers its {@link HistorySource} here
 *       ({@link #register}), so a frontend beside it asks it by a direct call instead of an HTTP
 *       request to its own process (as {@link io.rtdispatch.common.delivery.InProcessFrontends}
 *       does for deliveries);</li>
 *   <li>every other dispatcher's internal base URL is learnt from its registry view, which tells
 *       each frontend its node id and URL before acknowledging it anything
 *       ({@link io.rtdispatch.common.registry.RegistryProtocol.ViewInfo}); so once a topic is
 *       routable, the URL of every Up dispatcher is known here ({@link #learnt}), and forgotten
 *       with its view ({@link #retain}).</li>
 * </ul>
 * Safe for concurrent use.
 */
public final class HistorySources implements Extension {

  private static final ExtensionId<HistorySources> ID = new ExtensionId<>() {
    @Override
    public HistorySources createExtension(ActorSystem<?> system) {
      return new HistorySources();
    }
  };

  private final ConcurrentMap<String, HistorySource> inProcess = new ConcurrentHashMap<>();
  /** Registry view → its dispatcher's node id and internal base URL. */
  private final ConcurrentMap<ActorRef<?>, Remote> remotes = new ConcurrentHashMap<>();

  private record Remote(String nodeId, String baseUrl) {}

  private HistorySources() {}

  public static HistorySources get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Called by a dispatcher of this actor system once it keeps history. */
  public void register(String nodeId, HistorySource source) {
    inProcess.put(nodeId, source);
  }

  /** The dispatcher with this node id if it runs in this actor system. */
  public Optional<HistorySource> lookup(String nodeId) {
    return Optional.ofNullable(inProcess.get(nodeId));
  }

  /** Registry view {@code view} told that its dispatcher {@code nodeId} is at {@code baseUrl} ({@code http://host:port}). */
  public void learnt(ActorRef<?> view, String nodeId, String baseUrl) {
    remotes.put(view, new Remote(nodeId, baseUrl));
  }

  /** Forgets what every view but {@code views} (those still listed) told. */
  public void retain(Collection<? extends ActorRef<?>> views) {
    remotes.keySet().retainAll(views);
  }

  /** The internal base URL of dispatcher {@code nodeId}, if its view told it (a few views: a scan). */
  public Optional<String> url(String nodeId) {
    for (Remote remote : remotes.values()) {
      if (remote.nodeId().equals(nodeId)) {
        return Optional.of(remote.baseUrl());
      }
    }
    return Optional.empty();
  }
}
