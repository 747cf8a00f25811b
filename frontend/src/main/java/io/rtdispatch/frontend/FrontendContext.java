package io.rtdispatch.frontend;

import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.node.RoleContext;

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
    Readiness readiness) implements RoleContext {}
