package io.rtdispatch.dispatcher.link;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import com.typesafe.config.ConfigFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * The stand-in frontend of {@link HttpClientProbe}, run as its own JVM: {@code POST
 * /internal/deliver} answers 204 and prints {@code LATE <ms>} for a request whose
 * {@code X-Sent-Ms} header is older than {@code args[1]} ms; prints {@code READY} once bound on
 * 127.0.0.1:{@code args[0]}. Not a test.
 */
public final class HttpClientProbeServer extends AllDirectives {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long lateMs = Long.parseLong(args[1]);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "probe-server",
        ConfigFactory.parseString("akka.loglevel = ERROR"));
    Http.get(system).newServerAt("127.0.0.1", port).bind(new HttpClientProbeServer().route(lateMs))
        .toCompletableFuture().get();
    System.out.println("READY");
    System.out.flush();
  }

  private Route route(long lateMs) {
    return path(PathMatchers.segment("internal").slash("deliver"), () -> post(() ->
        optionalHeaderValueByName("X-Sent-Ms", sent ->
            extractStrictEntity(FiniteDuration.create(5, "s"), entity -> {
              long age = System.currentTimeMillis() - Long.parseLong(sent.orElse("0"));
              if (age > lateMs) {
                System.out.println("LATE " + age);
              }
              return complete(StatusCodes.NO_CONTENT);
            }))));
  }
}
