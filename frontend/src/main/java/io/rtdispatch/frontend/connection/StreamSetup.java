package io.rtdispatch.frontend.connection;

import io.rtdispatch.frontend.history.DispatcherHistories;
import io.rtdispatch.frontend.history.History;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import java.time.Duration;

/**
 * What every connection actor of a node shares.
 *
 * @param maxTopics topics per connection at most ({@code rtd.frontend.max-topics-per-connection})
 * @param ackTimeout how long a subscription waits to be routable before it is answered
 *     {@code routable:false} ({@code rtd.frontend.subscribe-ack-timeout})
 * @param retryHint the {@code retry:} of the connected frame ({@code rtd.frontend.retry-hint})
 * @param dispatchers the data center's dispatchers' histories, asked when {@code history} cannot
 *     prove a reconnecting stream recovered
 */
public record StreamSetup(SubscriptionShards shards, History history, int maxTopics, Duration ackTimeout,
    Duration retryHint, DispatcherHistories dispatchers) {}
