package io.rtdispatch.frontend.connection;

import akka.Done;
import akka.actor.typed.ActorRef;
import io.netty.channel.Channel;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.sse.SseFrames;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

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

  /** The outcome of {@link #tryReserve}. */
  public enum Reservation { RESERVED, LIMIT_REACHED, SHUTTING_DOWN }

  /** One open connection: its id, its outbox and its actor. */
  public record Connection(String id, Outbox outbox, ActorRef<ConnectionActor.Command> actor) {}

  private final int max;
  private volatile List<ActorRef<ConnectionSpawner.Command>> spawners = List.of();
  private final ConcurrentMap<String, Connection> byId = new ConcurrentHashMap<>();
  /** Slots taken; also what the {@code rtd_frontend_connections} gauge reads, so it can never lag the count. */
  private final AtomicInteger reserved;
  private final AtomicInteger nextSpawner = new AtomicInteger();
  private final CompletableFuture<Done> allClosed = new CompletableFuture<>();
  private volatile boolean closing;

  /** @param max connections this node holds at most ({@code rtd.frontend.max-connections}) */
  public Connections(int max, FrontendMetrics metrics) {
    this.max = max;
    this.reserved = metrics.connections;
  }

  /** The spawners to spread new connections over; set once, before the server accepts any. */
  public void spawnersStarted(List<ActorRef<ConnectionSpawner.Command>> started) {
    this.spawners = List.copyOf(started);
  }

  /** Takes a slot for a new connection; the slot is the caller's to {@link #open} or {@link #release}. */
  public Reservation tryReserve() {
    if (closing) {
      return Reservation.SHUTTING_DOWN;
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

  /** Starts the actor of a reserved connection whose response head is written. */
  public void open(String id, List<String> topics, Outbox outbox, Channel channel) {
    ActorRef<ConnectionSpawner.Command> spawner =
        spawners.get(Math.floorMod(nextSpawner.getAndIncrement(), spawners.size()));
    spawner.tell(new ConnectionSpawner.Spawn(id, topics, outbox, channel));
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

  /** Refuses new connections and ends every stream; completes once all have ended. */
  public CompletionStage<Done> closeAll() {
    closing = true;
    byId.values().forEach(c -> c.actor().tell(ConnectionActor.Close.INSTANCE));
    if (reserved.get() == 0) {
      allClosed.complete(Done.getInstance());
    }
    return allClosed;
  }
}
