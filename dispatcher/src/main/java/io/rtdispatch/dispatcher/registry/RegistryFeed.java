package io.rtdispatch.dispatcher.registry;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ddata.LWWMap;
import akka.cluster.ddata.typed.javadsl.DistributedData;
import akka.cluster.ddata.typed.javadsl.Replicator;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.registry.RegistryKeys;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link RegistryView} current inside the actor that reads it: registers a reference of
 * that actor with the Receptionist as a registry view ({@link RegistryProtocol#VIEWS}), so every
 * frontend sends it its topic changes, subscribes it to the endpoint map (Distributed Data change
 * notifications) and to cluster membership and reachability events, and applies each change to
 * the view when the actor passes it back (a topic change is acknowledged once applied, so
 * "routable" at a frontend means this actor routes it). The view is read and written by that one actor only, so lookups need no locks
 * and never leave the process.
 *
 * <p>Usage, in the actor's constructor: {@code feed = RegistryFeed.subscribe(context,
 * RegistryUpdate::new, metrics, readTimeout, internalUrl)}, and on {@code RegistryUpdate(change)}: {@code feed.apply(change)}.
 */
public final class RegistryFeed {

  private static final Logger log = LoggerFactory.getLogger(RegistryFeed.class);

  /** A registry or membership change, wrapped into the owning actor's own message type. */
  public sealed interface Change {}

  /** The endpoint map changed. */
  private record KeyChanged(Replicator.SubscribeResponse<?> response) implements Change {}

  /** The endpoint map as read from the other nodes (at start, and for a frontend not known yet). */
  private record KeyRead(Replicator.GetResponse<?> response) implements Change {}

  /** A frontend's topic message. */
  private record TopicsChanged(ToView message) implements Change {}

  private record MemberChanged(Member member) implements Change {}

  private record ReachabilityChanged(Member member, boolean reachable) implements Change {}

  /** This dispatcher's internal port is bound at {@code url}. */
  private record HistoryAt(String url) implements Change {}

  private final RegistryView view;
  private final DispatcherMetrics metrics;
  private final Runnable readEndpoints;
  private List<RegistryView.FrontendEndpoint> lastRoutable = List.of();
  private long lastRead;

  private RegistryFeed(ActorRef<ToView> self, String nodeId, DispatcherMetrics metrics, Runnable readEndpoints) {
    this.view = new RegistryView(self, nodeId);
    this.metrics = metrics;
    this.readEndpoints = readEndpoints;
  }

  /**
   * Subscribes the actor of {@code context} to the registry and the cluster.
   *
   * <p>The endpoint map is also read from every other node at once ({@code ReadAll} within
   * {@code readTimeout}) when the feed starts and when topics come from a frontend whose endpoint
   * is not known yet: a (re)started dispatcher gets every frontend's topics within milliseconds
   * (snapshots), and the view holds its acknowledgement of them until it knows where to send
   * (FrontendTopics), so learning the endpoint now rather than at the next gossip round shortens
   * that wait.
   *
   * @param wrap turns a change into a message of the actor, which passes it to {@link #apply}
   * @param readTimeout how long one read of the endpoint map from the other nodes may take
   *     ({@code rtd.dispatcher.ask-timeout})
   * @param internalUrl this node's internal base URL, once its port is bound: the view tells each
   *     frontend where to ask this dispatcher's history before acknowledging it anything
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> RegistryFeed subscribe(ActorContext<T> context, Function<Change, T> wrap,
      DispatcherMetrics metrics, Duration readTimeout, CompletionStage<String> internalUrl) {
    ActorRef<Replicator.SubscribeResponse> changes =
        context.messageAdapter(Replicator.SubscribeResponse.class, r -> wrap.apply(new KeyChanged(r)));
    ActorRef<Replicator.GetResponse> reads =
        context.messageAdapter(Replicator.GetResponse.class, r -> wrap.apply(new KeyRead(r)));
    ActorRef<ToView> self = context.spawn(RegistryProtocol.forwarder(
        context.messageAdapter(ToView.class, m -> wrap.apply(new TopicsChanged(m)))), "registry-view");
    ActorRef<Replicator.Command> replicator = DistributedData.get(context.getSystem()).replicator();
    replicator.tell(new Replicator.Subscribe(RegistryKeys.ENDPOINTS, (ActorRef) changes));
    Cluster cluster = Cluster.get(context.getSystem());
    cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberEvent.class,
        event -> wrap.apply(new MemberChanged(event.member()))), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class,
        event -> wrap.apply(new ReachabilityChanged(event.member(), event instanceof ClusterEvent.ReachableMember))),
        ClusterEvent.ReachabilityEvent.class));
    Runnable readEndpoints = () -> replicator.tell(new Replicator.Get(RegistryKeys.ENDPOINTS,
        new Replicator.ReadAll(readTimeout), (ActorRef) reads));
    RegistryFeed feed = new RegistryFeed(self, Binding.nodeId(cluster.selfMember().uniqueAddress()), metrics,
        readEndpoints);
    readEndpoints.run();
    context.pipeToSelf(internalUrl, (url, failure) -> wrap.apply(new HistoryAt(url))); // failure: the node stops
    // Registered once the feed exists: frontends' first messages must find the view ready.
    context.getSystem().receptionist().tell(Receptionist.register(RegistryProtocol.VIEWS, self));
    return feed;
  }

  /** The view this feed keeps current; read it only in the owning actor. */
  public RegistryView view() {
    return view;
  }

  /**
   * Applies a change to the view (and to the routable-frontends and registry-entries gauges).
   *
   * @return the node id of a frontend that has been removed from the cluster, whose links can go
   */
  public Optional<String> apply(Change change) {
    if (change instanceof TopicsChanged topics) {
      view.topicsChanged(topics.message());
      metrics.registryEntries.set(view.entries());
      if (!view.hasEndpoint(topics.message().nodeId())) {
        readEndpointsNow();
      }
      return Optional.empty();
    }
    if (change instanceof HistoryAt at) {
      if (at.url() != null) {
        view.historyAt(at.url());
      }
      return Optional.empty();
    }
    if (change instanceof KeyChanged key) {
      keyChanged(key.response());
      return Optional.empty();
    }
    if (change instanceof KeyRead read) {
      keyRead(read.response());
      return Optional.empty();
    }
    if (change instanceof MemberChanged member) {
      view.memberChanged(member.member());
      metrics.registryEntries.set(view.entries());
      routingChanged();
      return member.member().status() == MemberStatus.removed()
          ? Optional.of(Binding.nodeId(member.member().uniqueAddress())) : Optional.empty();
    }
    ReachabilityChanged reachability = (ReachabilityChanged) change;
    view.reachabilityChanged(reachability.member(), reachability.reachable());
    routingChanged();
    return Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private void keyChanged(Replicator.SubscribeResponse<?> response) {
    if (!(response instanceof Replicator.Changed<?> value)) {
      return;
    }
    if (value.key().equals(RegistryKeys.ENDPOINTS)) {
      view.endpointsChanged(((LWWMap<String, String>) value.dataValue()).getEntries());
      routingChanged();
    }
  }

  /** At most one read of the endpoint map started per second: a burst of topics from a new frontend asks once. */
  private void readEndpointsNow() {
    long now = System.nanoTime();
    if (now - lastRead > 1_000_000_000L) {
      lastRead = now;
      readEndpoints.run();
    }
  }

  @SuppressWarnings("unchecked")
  private void keyRead(Replicator.GetResponse<?> response) {
    // ReadAll may time out with some nodes silent: GetDataDeleted/NotFound/Failure leave the view as it is.
    if (response instanceof Replicator.GetSuccess<?> value) {
      view.endpointsChanged(((LWWMap<String, String>) value.dataValue()).getEntries());
      routingChanged();
    }
  }

  private void routingChanged() {
    List<RegistryView.FrontendEndpoint> routable = view.routable();
    metrics.routableFrontends.set(routable.size());
    if (!routable.equals(lastRoutable)) {
      lastRoutable = routable;
      log.info("Routable frontends now: {}", routable.stream().map(f -> f.nodeId() + "@" + f.baseUrl()).toList());
    }
  }
}
