package io.rtdispatch.frontend;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Scheduler;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.node.NodeContext;

/**
 * What the frontend role's routes, stream handler and clients share, built once by the
 * {@link Frontend} guardian instead of being passed piece by piece.
 *
 * @param node the node's system, ids, secrets and meter registry
 * @param settings the role's settings ({@code rtd.frontend}): its limits and every timeout it uses
 * @param metrics the role's meters
 * @param readiness whether the role should get traffic ({@code /ready}; its reason answers 503s)
 */
public record FrontendContext(NodeContext node, FrontendSettings settings, FrontendMetrics metrics,
    Readiness readiness) {

  public ActorSystem<?> system() {
    return node.system();
  }

  public Scheduler scheduler() {
    return node.scheduler();
  }

  /** This node's id: names it in connection ids and the registry. */
  public String nodeId() {
    return node.nodeId();
  }

  /** Bearer token for {@code /internal/*} ({@code rtd.security.internal-token}), or "" when off. */
  public String internalToken() {
    return node.security().internalToken();
  }

  /** Why the role should not get traffic now, or null when it should. */
  public String notReadyReason() {
    return readiness.notReadyReason();
  }
}
