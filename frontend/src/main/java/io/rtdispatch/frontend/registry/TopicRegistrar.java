package io.rtdispatch.frontend.registry;

import akka.Done;
import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.history.HistorySources;
import io.rtdispatch.common.registry.RegistryProtocol;
import io.rtdispatch.common.registry.RegistryProtocol.ToRegistrar;
import io.rtdispatch.common.registry.RegistryProtocol.ToView;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.frontend.FrontendMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells every dispatcher of the data center which topics this frontend has local subscribers for
 * ({@link RegistryProtocol}: numbered deltas, snapshots for a dispatcher that is new or missed one).
 *
 * <p>A topic is announced when it gets its first local subscriber and withdrawn only after
 * {@code unsubscribe-grace} without one, so a viewer reloading the page does not make the topic
 * flap. A change is sent at once when the registrar has been quiet for {@code flush-interval};
 * changes arriving within that interval are gathered into the next delta (split every
 * {@code chunk-bytes}), so a lone subscription is routable quickly and a storm of them costs few
 * messages. On shutdown every topic is withdrawn before the streams close.
 *
 * <p>{@link AwaitRoutable} answers once every dispatcher's view acknowledged the change adding the
 * topic (see {@link RoutableWaiters}, {@link ViewAcks}); the asker bounds the wait.
 *
 * <p>The node's HTTP endpoint, which dispatchers need to reach it, is published by
 * {@link io.rtdispatch.common.registry.NodeEntryAdvertiser}; this actor handles topics only.
 */
public final class TopicRegistrar extends AbstractBehavior<TopicRegistrar.Command> {

  public sealed interface Command {}

  public record TopicActive(String topic) implements Command {}

  public record TopicInactive(String topic) implements Command {}

  /** Asks to hear {@link Routable} for an active topic once dispatchers route it to this node. */
  public record AwaitRoutable(String topic, ActorRef<Routable> replyTo) implements Command {}

  /** The answer to {@link AwaitRoutable}: false if the topic is not (or no longer) wanted here. */
  public record Routable(String topic, boolean routable) {}

  /** Withdraws every topic of this node and stops announcing; replies once every dispatcher applied it. */
  public record UnregisterAll(ActorRef<Done> replyTo) implements Command {}

  private enum Tick implements Command { FLUSH, EXPIRE_LEAVING, HEARTBEAT }

  private record Views(Receptionist.Listing listing) implements Command {}

  private record FromView(ToRegistrar message) implements Command {}

  private final TimerScheduler<Command> timers;
  private final RegistrySettings settings;
  private final FrontendMetrics metrics;
  private final RoutableWaiters routable;
  private final ViewAcks views = new ViewAcks();

  private final Set<String> active = new HashSet<>();
  private final Map<String, Long> leaving = new HashMap<>();
  /** The topic set every view holds once it applied the latest change, and the messages that keep views there. */
  private final AnnouncedTopics announced;
  /** Changes not yet sent to the views, topic → announce (true) or withdraw (false); the latest wins. */
  private Map<String, Boolean> unsent = new LinkedHashMap<>();
  private final List<ActorRef<Done>> unregisterWaiters = new ArrayList<>();
  private boolean stopping;
  private boolean flushQueued;
  private long lastFlush;

  /**
   * @param settle how long after every dispatcher acknowledged a topic it is answered routable
   *     ({@code rtd.frontend.routable-settle}; dispatchers acknowledge after applying, so 0 is enough)
   */
  public static Behavior<Command> create(RegistrySettings settings, FrontendMetrics metrics, Duration settle) {
    return Behaviors.withTimers(timers -> Behaviors.setup(context ->
        new TopicRegistrar(context, timers, settings, metrics, settle)));
  }

  private TopicRegistrar(ActorContext<Command> context, TimerScheduler<Command> timers, RegistrySettings settings,
      FrontendMetrics metrics, Duration settle) {
    super(context);
    context.setLoggerName(TopicRegistrar.class);
    this.timers = timers;
    this.settings = settings;
    ActorRef<ToRegistrar> inbox = context.spawn(
        RegistryProtocol.forwarder(context.messageAdapter(ToRegistrar.class, FromView::new)), "registry-inbox");
    this.announced = new AnnouncedTopics(Binding.nodeId(Cluster.get(context.getSystem()).selfMember().uniqueAddress()),
        settings.chunkBytes(), inbox);
    this.metrics = metrics;
    this.routable = new RoutableWaiters(context, settle, metrics.routableWait);
    this.lastFlush = System.nanoTime() - settings.flushInterval().toNanos();
    context.getSystem().receptionist().tell(Receptionist.subscribe(RegistryProtocol.VIEWS,
        context.messageAdapter(Receptionist.Listing.class, Views::new)));
    Duration expireEvery = settings.unsubscribeGrace().dividedBy(4);
    timers.startTimerWithFixedDelay(Tick.EXPIRE_LEAVING, expireEvery.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : expireEvery);
    timers.startTimerWithFixedDelay(Tick.HEARTBEAT, settings.heartbeatInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(TopicActive.class, this::onTopicActive)
        .onMessage(TopicInactive.class, this::onTopicInactive)
        .onMessage(AwaitRoutable.class, this::onAwaitRoutable)
        .onMessage(UnregisterAll.class, this::onUnregisterAll)
        .onMessage(Views.class, this::onViews)
        .onMessage(FromView.class, this::onFromView)
        .onMessageEquals(Tick.FLUSH, this::onFlush)
        .onMessageEquals(Tick.EXPIRE_LEAVING, this::onExpireLeaving)
        .onMessageEquals(Tick.HEARTBEAT, this::onHeartbeat)
        .build();
  }

  private Behavior<Command> onTopicActive(TopicActive event) {
    if (stopping) {
      return this;
    }
    active.add(event.topic());
    if (leaving.remove(event.topic()) == null) {
      schedule(event.topic(), true);
    }
    return this;
  }

  private Behavior<Command> onTopicInactive(TopicInactive event) {
    if (!stopping && active.remove(event.topic())) {
      leaving.put(event.topic(), System.nanoTime());
    }
    return this;
  }

  private Behavior<Command> onAwaitRoutable(AwaitRoutable ask) {
    if (stopping || !wanted(ask.topic())) {
      ask.replyTo().tell(new Routable(ask.topic(), false));
    } else if (routable.await(ask.topic(), ask.replyTo()) && !announced.contains(ask.topic())
        && !Boolean.TRUE.equals(unsent.get(ask.topic()))) {
      schedule(ask.topic(), true);
    }
    return this;
  }

  private Behavior<Command> onExpireLeaving() {
    long cutoff = System.nanoTime() - settings.unsubscribeGrace().toNanos();
    leaving.entrySet().removeIf(entry -> {
      boolean expired = entry.getValue() - cutoff <= 0;
      if (expired) {
        schedule(entry.getKey(), false);
      }
      return expired;
    });
    return this;
  }

  /** Queues an announcement (add) or withdrawal for the next flush; the latest wins. */
  private void schedule(String topic, boolean add) {
    if (!add) {
      routable.unregistering(topic);
    }
    unsent.put(topic, add);
    if (flushQueued) {
      return;
    }
    flushQueued = true;
    long quiet = System.nanoTime() - lastFlush;
    if (quiet >= settings.flushInterval().toNanos()) {
      // Behind whatever is already in the mailbox, so a burst still goes out as one delta.
      getContext().getSelf().tell(Tick.FLUSH);
    } else {
      timers.startSingleTimer(Tick.FLUSH, settings.flushInterval().minusNanos(quiet));
    }
  }

  /** Sends the unsent changes to every view as deltas of at most {@code chunk-bytes} of topics each. */
  private Behavior<Command> onFlush() {
    flushQueued = false;
    lastFlush = System.nanoTime();
    announced.apply(unsent, delta -> {
      views.views().forEach(view -> view.tell(delta));
      views.sent(delta.seq(), delta.added());
      metrics.registryWrites.increment();
    });
    unsent = new LinkedHashMap<>();
    metrics.registeredTopics.set(announced.size());
    confirm();
    return this;
  }

  private void sendSnapshot(ActorRef<ToView> view) {
    announced.sendSnapshot(view);
    metrics.registryRepairs.increment();
  }

  private Behavior<Command> onViews(Views update) {
    Set<ActorRef<ToView>> listed = update.listing().getServiceInstances(RegistryProtocol.VIEWS);
    for (ActorRef<ToView> view : List.copyOf(views.views())) {
      if (!listed.contains(view)) {
        views.remove(view);
      }
    }
    HistorySources.get(getContext().getSystem()).retain(views.views());
    for (ActorRef<ToView> view : listed) {
      if (!views.knows(view)) {
        views.add(view);
        sendSnapshot(view);
      }
    }
    getContext().getLog().info("Registry views of this data center: {}", listed.size());
    confirm();
    return this;
  }

  private Behavior<Command> onFromView(FromView from) {
    if (from.message() instanceof RegistryProtocol.Ack ack) {
      views.ack(ack.view(), ack.seq());
      confirm();
    } else if (from.message() instanceof RegistryProtocol.ViewInfo info) {
      HistorySources.get(getContext().getSystem()).learnt(info.view(), info.nodeId(), info.historyUrl());
    } else if (from.message() instanceof RegistryProtocol.SnapshotRequest request) {
      views.add(request.view());
      sendSnapshot(request.view());
    }
    return this;
  }

  private Behavior<Command> onHeartbeat() {
    RegistryProtocol.Heartbeat beat = announced.heartbeat();
    views.views().forEach(view -> view.tell(beat));
    return this;
  }

  /** Answers those waiting for topics every view has now applied, and for the withdrawal of everything. */
  private void confirm() {
    List<String> confirmed = views.confirmed(views.coversAll(dispatchersUp(), selfAddress()));
    confirmed.removeIf(topic -> !announced.contains(topic));
    routable.confirmed(confirmed);
    if (!unregisterWaiters.isEmpty() && unsent.isEmpty() && views.allAcked(announced.seq())) {
      getContext().getLog().info("Withdrew every topic of this node from the registry");
      unregisterWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
      unregisterWaiters.clear();
    }
  }

  /** The addresses of the cluster's Up (or WeaklyUp) dispatchers, each of whose views must acknowledge a topic. */
  private Set<Address> dispatchersUp() {
    Set<Address> up = new HashSet<>();
    for (Member member : Cluster.get(getContext().getSystem()).state().getMembers()) {
      if (member.hasRole("dispatcher")
          && (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp())) {
        up.add(member.address());
      }
    }
    return up;
  }

  private Address selfAddress() {
    return Cluster.get(getContext().getSystem()).selfMember().address();
  }

  private boolean wanted(String topic) {
    return active.contains(topic) || leaving.containsKey(topic);
  }

  private Behavior<Command> onUnregisterAll(UnregisterAll command) {
    unregisterWaiters.add(command.replyTo());
    if (!stopping) {
      stopping = true;
      routable.refuseAll();
      getContext().getLog().info("Withdrawing {} topics before shutdown", announced.size());
      unsent.replaceAll((topic, add) -> false); // nothing new goes out, not even what was queued
      announced.topics().forEach(topic -> unsent.put(topic, false));
      active.clear();
      leaving.clear();
      timers.cancel(Tick.FLUSH);
      onFlush();
    }
    confirm();
    return this;
  }
}
