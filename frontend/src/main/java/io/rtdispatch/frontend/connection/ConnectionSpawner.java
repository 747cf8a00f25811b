package io.rtdispatch.frontend.connection;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import io.netty.channel.Channel;
import io.rtdispatch.common.logging.RepeatedWarnings;
import java.time.Instant;
import java.util.List;

/**
 * Parent of connection actors. A frontend runs several (one per core by default) and spreads new
 * connections over them, so opening streams scales with cores instead of queueing behind one
 * actor. Stateless: the directory of connections is {@link Connections}.
 */
public final class ConnectionSpawner {

  public sealed interface Command {}

  /**
   * Start the actor of an accepted connection (its slot is already reserved).
   *
   * @param tokenEndsAt when its subscribe token stops being valid, or null for never
   */
  public record Spawn(String id, List<String> topics, String lastEventId, Outbox outbox, Channel channel,
      Instant tokenEndsAt)
      implements Command {}

  private ConnectionSpawner() {}

  public static Behavior<Command> create(Connections connections, StreamSetup setup) {
    return Behaviors.supervise(Behaviors.<Command>receive((context, command) -> {
      if (command instanceof Spawn spawn) {
        onSpawn(context, spawn, connections, setup);
      }
      return Behaviors.same();
    })).onFailure(SupervisorStrategy.resume());
  }

  private static void onSpawn(akka.actor.typed.javadsl.ActorContext<Command> context, Spawn spawn,
      Connections connections, StreamSetup setup) {
    try {
      ActorRef<ConnectionActor.Command> connection = context.spawn(ConnectionActor.create(spawn.id(), spawn.topics(),
          spawn.lastEventId(), spawn.outbox(), spawn.channel(), connections, setup), spawn.id());
      if (spawn.tokenEndsAt() != null) {
        connection.tell(new ConnectionActor.TokenEndsAt(spawn.tokenEndsAt()));
      }
    } catch (RuntimeException e) {
      // The actor system is stopping, or the id collided: the stream cannot live without its actor.
      // Not the exception's message: a colliding actor name is the connection id, a capability.
      RepeatedWarnings.get(context.getSystem()).warn(context.getLog(), "connection-actor-start",
          "Could not start a connection actor ({}); its stream is closed", e.getClass().getSimpleName());
      connections.removeSubscriptions(spawn.topics().size());
      connections.release(null);
      spawn.channel().close();
    }
  }
}
