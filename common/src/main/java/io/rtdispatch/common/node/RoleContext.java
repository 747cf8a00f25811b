package io.rtdispatch.common.node;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Scheduler;
import io.rtdispatch.common.http.Readiness;

/**
 * What a role's context ({@code FrontendContext}, {@code DispatcherContext}) offers besides its
 * settings and meters: the node's shared values and the role's readiness, under short names.
 */
public interface RoleContext {

  /** The node's system, ids, secrets and meters, shared by its roles. */
  NodeContext node();

  /** Whether the role should get traffic ({@code /ready}; its reason answers 503s). */
  Readiness readiness();

  default ActorSystem<?> system() {
    return node().system();
  }

  default Scheduler scheduler() {
    return node().scheduler();
  }

  /** This node's id: names it in the registry and in connection ids. */
  default String nodeId() {
    return node().nodeId();
  }

  /** This node's data center ({@code rtd.data-center}). */
  default String dataCenter() {
    return node().dataCenter();
  }

  /** Bearer token for {@code /internal/*} ({@code rtd.security.internal-token}), or "" when off. */
  default String internalToken() {
    return node().security().internalToken();
  }

  /** Why the role should not get traffic now, or null when it should. */
  default String notReadyReason() {
    return readiness().notReadyReason();
  }
}
