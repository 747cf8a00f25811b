package io.rtdispatch.dispatcher;

import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.node.RoleContext;

/**
 * What the dispatcher role's routes, peer links and presence counter share, built once by the
 * {@link Dispatcher} guardian instead of being passed piece by piece.
 *
 * @param node the node's system, ids, secrets and meter registry
 * @param settings the role's settings ({@code rtd.dispatcher}): its limits, peers and every timeout it uses
 * @param metrics the role's meters
 * @param pending events accepted (published here or by a peer) and not yet routed
 *     ({@code publish.max-pending-events}, {@code publish.max-pending-bytes}): beyond it, 429
 * @param readiness whether the role should get traffic ({@code /ready}; its reason answers 503s)
 */
public record DispatcherContext(NodeContext node, DispatcherSettings settings, DispatcherMetrics metrics,
    PendingLimit pending, Readiness readiness) implements RoleContext {}
