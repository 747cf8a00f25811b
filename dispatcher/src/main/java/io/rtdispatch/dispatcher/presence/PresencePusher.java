package io.rtdispatch.dispatcher.presence;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import io.micrometer.core.instrument.Counter;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventIds;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.json.Json;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.presence.PresenceQuery;
import io.rtdispatch.dispatcher.fanout.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Pushes viewer counts into topics (issue 11, "opt-in push"): every {@code rtd.presence.interval},
 * the oldest Up dispatcher of the data center (so one per data center, and another takes over when
 * it leaves) asks every frontend for the counts of its topics matching {@code push-topics}, adds
 * the peer data centers' counts of those topics, and publishes an event of type {@code presence}
 * with data {@code {"subscribers":<n>}} into each topic whose global count changed since it last
 * did. The events go to this data center's frontends only, never to peers: every data center's
 * pusher serves its own viewers, so nobody gets a count twice. Only topics with viewers here are
 * counted: a topic nobody here watches needs no count here.
 *
 * <p>One round runs at a time; a round that finds the dispatcher over its pending limit skips its
 * events and tries again next interval.
 */
public final class PresencePusher extends AbstractBehavior<PresencePusher.Command> {

  public sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private record Counted(Map<String, Integer> counts, Throwable failure) implements Command {}

  private final PresenceCounter counter;
  private final ActorRef<Router.Command> router;
  private final PendingLimit pending;
  private final Cluster cluster;
  private final EventIds ids = new EventIds();
  private final Counter published;
  private final Map<String, Integer> lastPushed = new HashMap<>();
  private boolean counting;

  /** Nothing runs when {@code push-topics} is empty. */
  public static Behavior<Command> create(PresenceCounter counter, ActorRef<Router.Command> router,
      PendingLimit pending, Metrics metrics) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
      if (!counter.settings().pushTopics().isEmpty()) {
        timers.startTimerWithFixedDelay(Tick.INSTANCE, counter.settings().interval());
      }
      return new PresencePusher(context, counter, router, pending, metrics);
    }))).onFailure(SupervisorStrategy.resume());
  }

  private PresencePusher(ActorContext<Command> context, PresenceCounter counter, ActorRef<Router.Command> router,
      PendingLimit pending, Metrics metrics) {
    super(context);
    this.counter = counter;
    this.router = router;
    this.pending = pending;
    this.cluster = Cluster.get(context.getSystem());
    this.published = metrics.counter("rtd.presence.events.published", "presence events published by this dispatcher");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Counted.class, this::onCounted)
        .build();
  }

  private Behavior<Command> onTick() {
    if (!oldestDispatcher()) {
      lastPushed.clear(); // when this node takes over again, it pushes every count afresh
      return this;
    }
    if (counting) {
      return this;
    }
    counting = true;
    CompletionStage<Map<String, Integer>> counts = counter.local(
        new PresenceQuery(List.of(), counter.settings().pushTopics())).thenCompose(local -> {
          List<String> topics = new ArrayList<>(local.keySet());
          return counter.peers(topics).thenApply(peers -> {
            Map<String, Integer> global = new HashMap<>(local);
            peers.values().forEach(counts1 -> counts1.forEach((topic, n) -> global.computeIfPresent(topic,
                (t, sum) -> sum + n)));
            return global;
          });
        });
    getContext().pipeToSelf(counts, Counted::new);
    return this;
  }

  private Behavior<Command> onCounted(Counted counted) {
    counting = false;
    if (counted.failure() != null) {
      getContext().getLog().debug("Counting viewers for presence events failed: {}", counted.failure().toString());
      return this;
    }
    lastPushed.keySet().retainAll(counted.counts().keySet());
    long now = System.currentTimeMillis();
    List<Event> events = new ArrayList<>();
    Map<String, Integer> changed = new HashMap<>();
    counted.counts().forEach((topic, n) -> {
      if (!n.equals(lastPushed.get(topic))) {
        events.add(Event.create(ids.next(now), topic, "presence", Json.bytes(Map.of("subscribers", n)), now));
        changed.put(topic, n);
      }
    });
    if (events.isEmpty() || !pending.tryAcquire(events.size(), Event.wireBytes(events))) {
      return this;
    }
    router.tell(new Router.Dispatch(events)); // this data center only: never forwarded to peers
    lastPushed.putAll(changed);
    published.increment(events.size());
    return this;
  }

  /** Whether this node is the oldest Up dispatcher of its cluster, i.e. of its data center. */
  private boolean oldestDispatcher() {
    Member oldest = null;
    for (Member member : cluster.state().getMembers()) {
      if (member.hasRole("dispatcher") && member.status() == MemberStatus.up()
          && (oldest == null || member.isOlderThan(oldest))) {
        oldest = member;
      }
    }
    return oldest != null && oldest.uniqueAddress().equals(cluster.selfMember().uniqueAddress());
  }
}
