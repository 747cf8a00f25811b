package io.rtdispatch.frontend.connection;

import akka.Done;
import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens connections (one {@link ConnectionActor} child each), finds them by id for the
 * subscription endpoints, enforces the node's connection limit, and closes them all on shutdown.
 *
 * <p>Connection ids are 128 random bits: knowing one is what lets a caller change that
 * connection's subscriptions, so they must not be guessable.
 */
public final class ConnectionManager extends AbstractBehavior<ConnectionManager.Command> {

  public sealed interface Command {}

  public record Open(List<String> topics, ActorRef<OpenResult> replyTo) implements Command {}

  public record Subscribe(String connectionId, String topic, ActorRef<SubscriptionResult> replyTo)
      implements Command {}

  public record Unsubscribe(String connectionId, String topic, ActorRef<SubscriptionResult> replyTo)
      implements Command {}

  /** Ends every stream and refuses new ones; replies once all connections have ended. */
  public record CloseAll(ActorRef<Done> replyTo) implements Command {}

  private record ConnectionEnded(String connectionId) implements Command {}

  public sealed interface OpenResult {}

  public record Opened(String connectionId, Source<ByteString, NotUsed> stream) implements OpenResult {}

  public sealed interface SubscriptionResult {}

  public record SubscriptionChanged(String connectionId, String topic, boolean subscribed)
      implements SubscriptionResult {}

  public record UnknownConnection(String connectionId) implements SubscriptionResult {}

  /** Over a configured limit: connections per node or topics per connection. */
  public record LimitReached(String reason) implements OpenResult, SubscriptionResult {}

  public record ShuttingDown() implements OpenResult {}

  private final ActorRef<SubscriptionTable.Command> table;
  private final FrontendSettings settings;
  private final FrontendMetrics metrics;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ActorRef<ConnectionActor.Command>> connections = new HashMap<>();
  private final List<ActorRef<Done>> closeWaiters = new ArrayList<>();
  private boolean closing;

  public static Behavior<Command> create(ActorRef<SubscriptionTable.Command> table, FrontendSettings settings,
      FrontendMetrics metrics) {
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new ConnectionManager(context, table, settings,
        metrics))).onFailure(SupervisorStrategy.resume());
  }

  private ConnectionManager(ActorContext<Command> context, ActorRef<SubscriptionTable.Command> table,
      FrontendSettings settings, FrontendMetrics metrics) {
    super(context);
    this.table = table;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Open.class, this::onOpen)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(CloseAll.class, this::onCloseAll)
        .onMessage(ConnectionEnded.class, this::onConnectionEnded)
        .build();
  }

  private Behavior<Command> onOpen(Open command) {
    if (closing) {
      metrics.connectionsRefused.increment();
      command.replyTo().tell(new ShuttingDown());
      return this;
    }
    if (connections.size() >= settings.maxConnections()) {
      metrics.connectionsRefused.increment();
      getContext().getLog().warn("Refusing a connection: {} are open, the limit is {}", connections.size(),
          settings.maxConnections());
      command.replyTo().tell(new LimitReached(
          "this node already holds " + connections.size() + " connections, the limit is " + settings.maxConnections()));
      return this;
    }
    String id = newConnectionId();
    ActorRef<ConnectionActor.Command> connection = getContext().spawn(
        ConnectionActor.create(id, command.topics(), command.replyTo(), table, settings), id);
    getContext().watchWith(connection, new ConnectionEnded(id));
    connections.put(id, connection);
    metrics.connections.set(connections.size());
    metrics.connectionsOpened.increment();
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    ActorRef<ConnectionActor.Command> connection = connections.get(command.connectionId());
    if (connection == null) {
      command.replyTo().tell(new UnknownConnection(command.connectionId()));
    } else {
      connection.tell(new ConnectionActor.Subscribe(command.topic(), command.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    ActorRef<ConnectionActor.Command> connection = connections.get(command.connectionId());
    if (connection == null) {
      command.replyTo().tell(new UnknownConnection(command.connectionId()));
    } else {
      connection.tell(new ConnectionActor.Unsubscribe(command.topic(), command.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onCloseAll(CloseAll command) {
    if (!closing) {
      getContext().getLog().info("Closing {} connections", connections.size());
      closing = true;
      connections.values().forEach(c -> c.tell(ConnectionActor.Close.INSTANCE));
    }
    closeWaiters.add(command.replyTo());
    replyIfAllClosed();
    return this;
  }

  private Behavior<Command> onConnectionEnded(ConnectionEnded event) {
    connections.remove(event.connectionId());
    metrics.connections.set(connections.size());
    replyIfAllClosed();
    return this;
  }

  private void replyIfAllClosed() {
    if (closing && connections.isEmpty()) {
      closeWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
      closeWaiters.clear();
    }
  }

  private String newConnectionId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
