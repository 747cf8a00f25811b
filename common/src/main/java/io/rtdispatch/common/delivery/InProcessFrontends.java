package io.rtdispatch.common.delivery;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The frontends running inside this actor system, by registry node id. A dispatcher in the same
 * JVM hands events to them directly instead of over HTTP. One instance per actor system, so two
 * nodes embedded in one JVM (tests) never see each other's frontends.
 */
public final class InProcessFrontends implements Extension {

  private static final ExtensionId<InProcessFrontends> ID = new ExtensionId<>() {
    @Override
    public InProcessFrontends createExtension(ActorSystem<?> system) {
      return new InProcessFrontends();
    }
  };

  private final ConcurrentMap<String, FrontendIntake> byNodeId = new ConcurrentHashMap<>();

  private InProcessFrontends() {}

  public static InProcessFrontends get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Called by a frontend once it can take events; {@code nodeId} as in the registry's bindings. */
  public void register(String nodeId, FrontendIntake intake) {
    byNodeId.put(nodeId, intake);
  }

  /** Called by a frontend that stops taking events (shutdown). */
  public void unregister(String nodeId) {
    byNodeId.remove(nodeId);
  }

  /** The frontend with this registry node id if it runs in this actor system. */
  public Optional<FrontendIntake> lookup(String nodeId) {
    return Optional.ofNullable(byNodeId.get(nodeId));
  }
}
