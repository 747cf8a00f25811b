package io.rtdispatch.dispatcher.fanout;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.ORSet;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes published events to exactly the frontends of this data center that have subscribers.
 *
 * <p>It keeps a {@link RegistryView} current from Distributed Data change notifications (every
 * bucket and the endpoint map) and from cluster membership and reachability events, and owns one
 * {@link FrontendLink} per frontend it has sent to. Routing an event is a lookup in the view plus
 * a non-blocking offer per target link; this actor never waits on the network.
 */
public final class Router extends AbstractBehavior<Router.Command> {

  public sealed interface Command {}

  /** Events to route; their permits in the pending limit are returned once routed. */
  public record Dispatch(List<Event> events) implements Command {}

  /** Which frontends an event on {@code topic} would be sent to now (for operators and tests). */
  public record Lookup(String topic, ActorRef<Routes> replyTo) implements Command {}

  public record Routes(String topic, List<RegistryView.Frontend> frontends) {}

  /** Any registry key changed. One adapter for all keys: message adapters are chosen by message class. */
  private record RegistryChanged(Replicator.SubscribeResponse<?> response) implements Command {}

  private record MemberChanged(Member member) implements Command {}

  private record ReachabilityChanged(Member member, boolean reachable) implements Command {}

  private final RegistryKeys keys;
  private final RegistryView view;
  private final DispatcherSettings settings;
  private final BatchPoster poster;
  private final DispatcherMetrics metrics;
  private final PendingLimit pending;
  private final Map<String, FrontendLink> links = new HashMap<>();
  private List<RegistryView.Frontend> lastRoutable = List.of();

  public static Behavior<Command> create(RegistryKeys keys, DispatcherSettings settings, BatchPoster poster,
      DispatcherMetrics metrics, PendingLimit pending) {
    // Resumes after an unexpected failure, keeping its view of the registry and its links.
    return Behaviors.supervise(Behaviors.<Command>setup(context ->
        new Router(context, keys, settings, poster, metrics, pending))).onFailure(SupervisorStrategy.resume());
  }

  private Router(ActorContext<Command> context, RegistryKeys keys, DispatcherSettings settings, BatchPoster poster,
      DispatcherMetrics metrics, PendingLimit pending) {
    super(context);
    context.setLoggerName(Router.class);
    this.keys = keys;
    this.view = new RegistryView(keys);
    this.settings = settings;
    this.poster = poster;
    this.metrics = metrics;
    this.pending = pending;
    subscribeToRegistry(context, keys);
    Cluster cluster = Cluster.get(context.getSystem());
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, event -> new MemberChanged(event.member())),
        ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.ReachabilityEvent.class, event -> new ReachabilityChanged(event.member(),
            event instanceof ClusterEvent.ReachableMember)),
        ClusterEvent.ReachabilityEvent.class));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Dispatch.class, this::onDispatch)
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(RegistryChanged.class, this::onRegistryChanged)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
        .build();
  }

  private Behavior<Command> onDispatch(Dispatch dispatch) {
    try {
      route(dispatch.events());
    } finally {
      pending.release(dispatch.events().size());
    }
    return this;
  }

  private void route(List<Event> events) {
    for (Event event : events) {
      List<RegistryView.Frontend> targets = view.lookup(event.topic());
      if (targets.isEmpty()) {
        metrics.unroutable.increment();
        getContext().getLog().debug("No frontend has subscribers for topic {} (event {})", event.topic(), event.id());
        continue;
      }
      for (RegistryView.Frontend target : targets) {
        link(target).offer(event);
      }
    }
  }

  private Behavior<Command> onLookup(Lookup lookup) {
    lookup.replyTo().tell(new Routes(lookup.topic(), view.lookup(lookup.topic())));
    return this;
  }

  private FrontendLink link(RegistryView.Frontend frontend) {
    FrontendLink link = links.get(frontend.nodeId());
    if (link == null || !link.url().startsWith(frontend.baseUrl())) {
      if (link != null) {
        link.close();
      }
      link = new FrontendLink(getContext().getSystem(), frontend.nodeId(), frontend.baseUrl(), settings.frontendLink(),
          poster, metrics);
      links.put(frontend.nodeId(), link);
    }
    return link;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void subscribeToRegistry(ActorContext<Command> context, RegistryKeys keys) {
    ActorRef<Replicator.SubscribeResponse> changes =
        context.messageAdapter(Replicator.SubscribeResponse.class, RegistryChanged::new);
    ActorRef<Replicator.Command> replicator = DistributedData.get(context.getSystem()).replicator();
    keys.all().forEach(key -> replicator.tell(new Replicator.Subscribe(key, (ActorRef) changes)));
    replicator.tell(new Replicator.Subscribe(RegistryKeys.ENDPOINTS, (ActorRef) changes));
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onRegistryChanged(RegistryChanged changed) {
    if (!(changed.response() instanceof Replicator.Changed<?> value)) {
      return this;
    }
    if (value.key().equals(RegistryKeys.ENDPOINTS)) {
      view.endpointsChanged(((LWWMap<String, String>) value.dataValue()).getEntries());
      routingChanged();
      return this;
    }
    int bucket = keys.bucketOf((Key<ORSet<String>>) value.key());
    if (bucket >= 0) {
      view.bucketChanged(bucket, (ORSet<String>) value.dataValue());
      metrics.registryEntries.set(view.entries());
    }
    return this;
  }

  private Behavior<Command> onMemberChanged(MemberChanged changed) {
    view.memberChanged(changed.member());
    if (changed.member().status() == MemberStatus.removed()) {
      FrontendLink link = links.remove(Binding.nodeId(changed.member().uniqueAddress()));
      if (link != null) {
        link.close();
      }
    }
    routingChanged();
    return this;
  }

  private Behavior<Command> onReachabilityChanged(ReachabilityChanged changed) {
    view.reachabilityChanged(changed.member(), changed.reachable());
    routingChanged();
    return this;
  }

  private void routingChanged() {
    List<RegistryView.Frontend> routable = view.routable();
    metrics.routableFrontends.set(routable.size());
    if (!routable.equals(lastRoutable)) {
      lastRoutable = routable;
      getContext().getLog().info("Routable frontends now: {}", routable.stream()
          .map(f -> f.nodeId() + "@" + f.baseUrl()).toList());
    }
  }
}
