package io.rtdispatch.frontend.connection;

/**
 * What a stream's {@link ConnectionActor} answers a subscription change ({@link ConnectionActor.Subscribe},
 * {@link ConnectionActor.Unsubscribe}); {@link io.rtdispatch.frontend.http.SubscriptionChanges} turns it into the
 * HTTP answer.
 */
public sealed interface SubscriptionResult {

  /** @param routable for a subscription: whether dispatchers route the topic here yet; null for an unsubscription */
  record SubscriptionChanged(String connectionId, String topic, boolean subscribed, Boolean routable)
      implements SubscriptionResult {}

  /** Over the topics-per-connection limit, or the node's subscription limit. */
  record LimitReached(String reason) implements SubscriptionResult {}
}
