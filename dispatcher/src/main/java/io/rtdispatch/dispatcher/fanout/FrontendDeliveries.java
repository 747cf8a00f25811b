package io.rtdispatch.dispatcher.fanout;

import io.rtdispatch.common.flow.ByteBudget;
import akka.actor.typed.ActorSystem;
import io.rtdispatch.common.delivery.FrontendIntake;
import io.rtdispatch.common.delivery.InProcessFrontends;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.link.LinkSettings;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The router's deliveries, one per frontend node id, each chosen for where the frontend runs: in
 * this actor system when it has registered an intake under its node id in
 * {@link InProcessFrontends} (the embedded default never POSTs to itself over loopback), over
 * HTTP to its registered endpoint otherwise.
 *
 * <p>The choice is checked on every use (one map lookup), so a frontend that registers its intake
 * after the router first sent to it over HTTP is switched to in-process delivery, and an endpoint
 * that changes gets a new HTTP link. A frontend restarted on the same address has a new node id
 * and so a new link: nothing of its previous incarnation's link is reused. Owned by one actor.
 */
final class FrontendDeliveries {

  private final ActorSystem<?> system;
  private final InProcessFrontends inProcess;
  private final LinkSettings settings;
  private final Duration connectTimeout;
  private final String token;
  private final DispatcherMetrics metrics;
  private final ByteBudget queued;
  private final Map<String, FrontendDelivery> byNodeId = new HashMap<>();

  /** @param token the internal bearer token for {@code /internal/deliver}, or "" */
  FrontendDeliveries(ActorSystem<?> system, LinkSettings settings, Duration connectTimeout, String token,
      DispatcherMetrics metrics, ByteBudget queued) {
    this.system = system;
    this.inProcess = InProcessFrontends.get(system);
    this.settings = settings;
    this.connectTimeout = connectTimeout;
    this.token = token;
    this.metrics = metrics;
    this.queued = queued;
  }

  /** The delivery to use for {@code frontend} now. */
  FrontendDelivery to(RegistryView.FrontendEndpoint frontend) {
    String nodeId = frontend.nodeId();
    FrontendDelivery current = byNodeId.get(nodeId);
    FrontendIntake intake = inProcess.lookup(nodeId).orElse(null);
    if (intake != null) {
      if (current instanceof InProcessFrontendDelivery local && local.reaches(intake)) {
        return current;
      }
      return replace(nodeId, current, new InProcessFrontendDelivery(nodeId, intake, metrics));
    }
    if (current instanceof HttpFrontendDelivery remote && remote.reaches(frontend.baseUrl())) {
      return current;
    }
    return replace(nodeId, current,
        new HttpFrontendDelivery(system, nodeId, frontend.baseUrl(), settings, connectTimeout, token, metrics,
            queued));
  }

  /** Closes the delivery to a frontend that left the cluster. */
  void remove(String nodeId) {
    FrontendDelivery gone = byNodeId.remove(nodeId);
    if (gone != null) {
      gone.close();
    }
  }

  private FrontendDelivery replace(String nodeId, FrontendDelivery old, FrontendDelivery next) {
    if (old != null) {
      old.close();
    }
    byNodeId.put(nodeId, next);
    return next;
  }
}
