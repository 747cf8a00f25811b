package io.rtdispatch.dispatcher.fanout;

import io.rtdispatch.common.flow.ByteBudget;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.dispatcher.history.RecentEvents;
import io.rtdispatch.dispatcher.registry.RegistryFeed;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.Map;

/**
 * Routes published events to exactly the frontends of this data center that have subscribers.
 *
 * <p>Routing an event is a lookup in the local {@link RegistryView} (kept current by a
 * {@link RegistryFeed}) plus a non-blocking hand-over to each target's {@link FrontendDelivery}:
 * the events of one {@link Dispatch} for one frontend go over together, in-process or into that
 * frontend's HTTP link. This actor never waits on the network.
 */
public final class Router extends AbstractBehavior<Router.Command> {

  public sealed interface Command {}

  /** Events to route; their permits in the pending limit are returned once routed. */
  public record Dispatch(List<Event> events) implements Command {}

  /** Which frontends an event on {@code topic} would be sent to now (for operators and tests). */
  public record Lookup(String topic, ActorRef<Routes> replyTo) implements Command {}

  public record Routes(String topic, List<RegistryView.FrontendEndpoint> frontends) {}

  /** Every frontend events may be sent to now, whatever their topics (answered with topic ""); for presence counts. */
  public record ListFrontends(ActorRef<Routes> replyTo) implements Command {}

  private record RegistryUpdate(RegistryFeed.Change change) implements Command {}

  private final RegistryFeed registry;
  private final FrontendDeliveries deliveries;
  private final DispatcherMetrics metrics;
  private final PendingLimit pending;
  private final RecentEvents history;

  /**
   * @param settings the frontend links' settings and connect timeout
   * @param internalToken bearer token for the frontends' {@code /internal/deliver}, or ""
   * @param queued the node's bound on bytes queued over all links
   * @param history keeps every event routed (with or without subscribers), for recovery
   * @param internalUrl this node's internal base URL once bound, told to frontends with the registry's acknowledgements
   */
  public static Behavior<Command> create(DispatcherSettings settings, String internalToken,
      DispatcherMetrics metrics, PendingLimit pending, ByteBudget queued, RecentEvents history,
      CompletionStage<String> internalUrl) {
    // Resumes after an unexpected failure, keeping its view of the registry and its deliveries.
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new Router(context,
        new FrontendDeliveries(context.getSystem(), settings.frontendLink(), settings.connectTimeout(), internalToken,
            metrics, queued), metrics, pending, history, settings.askTimeout(), internalUrl)))
        .onFailure(SupervisorStrategy.resume());
  }

  private Router(ActorContext<Command> context, FrontendDeliveries deliveries,
      DispatcherMetrics metrics, PendingLimit pending, RecentEvents history, Duration registryReadTimeout,
      CompletionStage<String> internalUrl) {
    super(context);
    context.setLoggerName(Router.class);
    this.registry = RegistryFeed.subscribe(context, RegistryUpdate::new, metrics, registryReadTimeout, internalUrl);
    this.deliveries = deliveries;
    this.metrics = metrics;
    this.pending = pending;
    this.history = history;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Dispatch.class, this::onDispatch)
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(ListFrontends.class, this::onListFrontends)
        .onMessage(RegistryUpdate.class, this::onRegistryUpdate)
        .build();
  }

  private Behavior<Command> onDispatch(Dispatch dispatch) {
    try {
      history.record(dispatch.events());
      route(dispatch.events());
    } finally {
      pending.release(dispatch.events().size(), Event.wireBytes(dispatch.events()));
    }
    return this;
  }

  /** Groups the events by target frontend (keeping their order) and hands each group over. */
  private void route(List<Event> events) {
    RegistryView view = registry.view();
    Map<RegistryView.FrontendEndpoint, List<Event>> byTarget = new IdentityHashMap<>();
    for (Event event : events) {
      List<RegistryView.FrontendEndpoint> targets = view.lookup(event.topic());
      if (targets.isEmpty()) {
        metrics.unroutable.increment();
        getContext().getLog().debug("No frontend has subscribers for topic {} (event {})", event.topic(), event.id());
        continue;
      }
      for (RegistryView.FrontendEndpoint target : targets) {
        byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(event);
      }
    }
    byTarget.forEach((target, batch) -> deliveries.to(target).deliver(batch));
  }

  private Behavior<Command> onLookup(Lookup lookup) {
    lookup.replyTo().tell(new Routes(lookup.topic(), registry.view().lookup(lookup.topic())));
    return this;
  }

  private Behavior<Command> onListFrontends(ListFrontends list) {
    list.replyTo().tell(new Routes("", registry.view().routable()));
    return this;
  }

  private Behavior<Command> onRegistryUpdate(RegistryUpdate update) {
    registry.apply(update.change()).ifPresent(deliveries::remove);
    return this;
  }
}
