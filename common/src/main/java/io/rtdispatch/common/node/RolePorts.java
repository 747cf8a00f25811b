package io.rtdispatch.common.node;

import akka.http.javadsl.server.Route;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a role's guardian meets the node's ports.
 *
 * @param publicBound completed by the role with its public port's address once bound (tests use
 *     port 0), or exceptionally with why it could not be (the node's start-up stops and says why)
 * @param internalRoute completed by the role with its node-to-node endpoints, which the node
 *     serves on its internal port ({@code rtd.internal})
 * @param internalUrl the internal port's base URL other nodes reach this node at, once bound: the
 *     role advertises it (frontends in the endpoint map, dispatchers for history requests)
 */
public record RolePorts(CompletableFuture<InetSocketAddress> publicBound, CompletableFuture<Route> internalRoute,
    CompletionStage<String> internalUrl) {}
