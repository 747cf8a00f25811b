package io.rtdispatch.frontend.connection;

import akka.Done;
import akka.actor.typed.ActorRef;
import io.netty.channel.Channel;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.sse.SseFrames;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's open connections: the connection limit, the directory the subscription endpoints
 * look connection ids up in, heartbeats, and closing them all at shutdown.
 *
 * <p>Thread-safe and lock-free, so accepting a stream funnels through no single actor: the
 * accepting I/O thread reserves a slot here, and one of several {@link ConnectionSpawner}s
 * (chosen round-robin) starts the connection's actor. A slot is freed exactly once, when that
 * actor stops, and the actor stops on every way a connection ends (client close, reset,
 * shutdown, failure), so no connection is ever counted without a socket behind it.
 */
public final class Connections {

  /**
   * The outcome of {@link #tryReserve}: a slot, or why not. {@code LIMIT_REACHED} (connections)
   * and {@code SUBSCRIPTION_LIMIT_REACHED} are transient (clients retry later or elsewhere).
   */
  public enum Reservation { RESERVED, LIMIT_REACHED, SUBSCRIPTION_LIMIT_REACHED, SHUTTING_DOWN }

  /** One open connection: its id, its outbox and its actor. */
  public record Connection(String id, Outbox outbox, ActorRef<ConnectionActor.Command> actor) {}

  private final int max;
  private final long maxSubscriptions;
  /** Subscriptions (connection, topic) on this node, taken before the table learns of them. */
  private final AtomicLong subscriptions = new AtomicLong();
  private final BufferBudget buffers;
  private volatile List<ActorRef<ConnectionSpawner.Command>> spawners = List.of();
  private final ConcurrentMap<String, Connection> byId = new ConcurrentHashMap<>();
  /** Slots taken; also what the {@code rtd_frontend_connections} gauge reads, so it can never lag the count. */
  private final AtomicInteger reserved;
  private final AtomicInteger nextSpawner = new AtomicInteger();
  private final CompletableFuture<Done> allClosed = new CompletableFuture<>();
  private volatile boolean closing;

  /**
   * @param max connections this node holds at most ({@code rtd.frontend.max-connections})
   * @param maxSubscriptions subscriptions over all connections ({@code rtd.frontend.max-subscriptions})
   * @param buffers the node-wide budget of bytes waiting for slow readers, given to each outbox
   */
  public Connections(int max, long maxSubscriptions, BufferBudget buffers, FrontendMetrics metrics) {
    this.max = max;
    this.maxSubscriptions = maxSubscriptions;
    this.buffers = buffers;
    this.reserved = metrics.connections;
  }

  /** The spawners to spread new connections over; set once, before the server accepts any. */
  public void spawnersStarted(List<ActorRef<ConnectionSpawner.Command>> started) {
    this.spawners = List.copyOf(started);
  }

  /** {@link #tryReserve(int)} for a connection that asks for no topics. */
  public Reservation tryReserve() {
    return tryReserve(0);
  }

  /**
   * Takes a slot for a new connection that will subscribe to {@code topics} topics at once; the
   * slot is the caller's to {@link #open} or {@link #release}. Refuses with
   * {@code SUBSCRIPTION_LIMIT_REACHED} when those topics would take the node beyond
   * {@code rtd.frontend.max-subscriptions} ({@link #subscriptionLimitReason} says so in words), and
   * with {@code LIMIT_REACHED} beyond {@code rtd.frontend.max-connections}. Both are transient:
   * GET /connect should answer them the way a browser retries.
   *
   * <p>The topics are counted by {@link #open}, on the same thread, so several I/O threads
   * racing can overshoot the subscription limit by at most (I/O threads - 1) x
   * max-topics-per-connection.
   */
  public Reservation tryReserve(int topics) {
    if (closing) {
      return Reservation.SHUTTING_DOWN;
    }
    if (topics > 0 && subscriptions.get() + topics > maxSubscriptions) {
      return Reservation.SUBSCRIPTION_LIMIT_REACHED;
    }
    int now;
    do {
      now = reserved.get();
      if (now >= max) {
        return Reservation.LIMIT_REACHED;
      }
    } while (!reserved.compareAndSet(now, now + 1));
    return Reservation.RESERVED;
  }

  /**
   * Starts the actor of a reserved connection whose response head is written; its topics count
   * towards the subscription limit from now, and its outbox draws on the node's buffer budget.
   *
   * @param lastEventId the client's last event id to recover from (valid), or null
   * @param tokenEndsAt when the subscribe token that allowed its topics stops being valid (the
   *     stream ends then, {@link ConnectionActor.TokenEndsAt}), or null for never
   */
  public void open(String id, List<String> topics, String lastEventId, Outbox outbox, Channel channel,
      Instant tokenEndsAt) {
    subscriptions.addAndGet(topics.size());
    outbox.drawFrom(buffers);
    ActorRef<ConnectionSpawner.Command> spawner =
        spawners.get(Math.floorMod(nextSpawner.getAndIncrement(), spawners.size()));
    spawner.tell(new ConnectionSpawner.Spawn(id, topics, lastEventId, outbox, channel, tokenEndsAt));
  }

  /** Frees a reserved slot: the connection's actor stopped, or it never started. */
  public void release(String id) {
    if (id != null) {
      byId.remove(id);
    }
    int now = reserved.decrementAndGet();
    if (closing && now == 0) {
      allClosed.complete(Done.getInstance());
    }
  }

  public int open() {
    return reserved.get();
  }

  /** Takes one subscription of the node-wide limit; false (nothing taken) if it is reached. */
  boolean tryAddSubscription() {
    long now;
    do {
      now = subscriptions.get();
      if (now >= maxSubscriptions) {
        return false;
      }
    } while (!subscriptions.compareAndSet(now, now + 1));
    return true;
  }

  /** Gives back subscriptions taken by {@link #open} or {@link #tryAddSubscription}. */
  void removeSubscriptions(int count) {
    subscriptions.addAndGet(-count);
  }

  /** Why {@code topics} more subscriptions are refused, for the 429 (or retry) answer. */
  public String subscriptionLimitReason(int topics) {
    return "this node already holds " + subscriptions.get() + " subscriptions, the limit is " + maxSubscriptions
        + (topics > 1 ? " (" + topics + " more were requested)" : "") + "; retry later or on another node";
  }

  public boolean closing() {
    return closing;
  }

  void added(Connection connection) {
    byId.put(connection.id(), connection);
  }

  /** The actor of the open connection with this id on this node. */
  public Optional<ActorRef<ConnectionActor.Command>> lookup(String id) {
    Connection connection = byId.get(id);
    return connection == null ? Optional.empty() : Optional.of(connection.actor());
  }

  /**
   * Offers a heartbeat (an SSE comment) to every connection nothing was offered to in the last
   * {@code idleNanos}. Called periodically; costs a few nanoseconds per connection.
   */
  public void heartbeat(long idleNanos) {
    long now = System.nanoTime();
    for (Connection connection : byId.values()) {
      if (now - connection.outbox().lastOfferNanos() >= idleNanos) {
        connection.outbox().offer(SseFrames.HEARTBEAT);
      }
    }
  }

  /**
   * Refuses new connections from now on ({@code SHUTTING_DOWN}; a stream still being set up ends
   * itself); completes once every connection has ended, by whatever way.
   */
  CompletionStage<Done> stopAccepting() {
    closing = true;
    if (reserved.get() == 0) {
      allClosed.complete(Done.getInstance());
    }
    return allClosed;
  }

  /** The connections open now (a snapshot's worth: the map may change meanwhile). */
  Collection<Connection> all() {
    return byId.values();
  }
}
