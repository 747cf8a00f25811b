package io.rtdispatch.common.history;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.LWWMapKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where frontends find the dispatchers of their data center to ask for history. Every dispatcher
 * advertises its internal port's URL in the Distributed Data map {@link #ENDPOINTS} (node id → base
 * URL); a dispatcher running in this actor system also registers here, so a frontend beside it
 * asks it by a direct call instead of an HTTP request to its own process (as
 * {@link io.rtdispatch.common.delivery.InProcessFrontends} does for deliveries).
 */
public final class LocalHistorySources implements Extension {

  /** Dispatcher node id (as {@link io.rtdispatch.common.registry.Binding#nodeId}) → internal base URL. */
  public static final Key<LWWMap<String, String>> ENDPOINTS = LWWMapKey.create("rtd-dispatcher-history");

  private static final ExtensionId<LocalHistorySources> ID = new ExtensionId<>() {
    @Override
    public LocalHistorySources createExtension(ActorSystem<?> system) {
      return new LocalHistorySources();
    }
  };

  private final ConcurrentMap<String, HistorySource> byNodeId = new ConcurrentHashMap<>();

  private LocalHistorySources() {}

  public static LocalHistorySources get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Called by a dispatcher of this actor system once it keeps history. */
  public void register(String nodeId, HistorySource source) {
    byNodeId.put(nodeId, source);
  }

  /** The dispatcher with this node id if it runs in this actor system. */
  public Optional<HistorySource> lookup(String nodeId) {
    return Optional.ofNullable(byNodeId.get(nodeId));
  }
}
