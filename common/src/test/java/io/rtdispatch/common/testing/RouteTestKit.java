package io.rtdispatch.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.server.RouteResult;
import akka.http.javadsl.testkit.RouteTest;
import akka.http.javadsl.testkit.TestRouteResult;
import akka.stream.Materializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

/**
 * Akka HTTP's route testkit ({@code akka-http-testkit}'s {@link RouteTest}) for JUnit 5 tests:
 * {@code kit.testRoute(route).run(HttpRequest.POST("/publish"))} runs a route in process, sealed
 * as the node's server runs it (rejections become answers), without a socket, and its
 * {@link TestRouteResult} asserts with JUnit 5. The testkit's own {@code JUnitRouteTest} needs
 * JUnit 4; this is the same thing on the actor system of a test's {@code ActorTestKit}.
 *
 * <p>What it does not see: the node's Netty server around the routes (request-line and header
 * limits, {@code Connection: close}, the stream upgrade), which the node module's tests cover
 * over real sockets.
 */
public final class RouteTestKit extends RouteTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final akka.actor.ActorSystem system;
  private final Materializer materializer;

  public RouteTestKit(ActorSystem<?> system) {
    this.system = Adapter.toClassic(system);
    this.materializer = Materializer.matFromSystem(system);
  }

  @Override
  public akka.actor.ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return materializer;
  }

  /** Routes that ask actors get this long to answer (the machine is shared and slow at times). */
  @Override
  public FiniteDuration awaitDuration() {
    return FiniteDuration.create(10, "s");
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }

  /** The answer's JSON body, after checking it is {@code application/json}. */
  public static JsonNode json(TestRouteResult result) {
    result.assertContentType(ContentTypes.APPLICATION_JSON);
    try {
      return JSON.readTree(result.entityString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The contract's error answer (docs/api.md, "Validation and errors"): {@code status},
   * {@code application/json}, a body that is exactly {@code {"error":"<words>"}}.
   *
   * @return the error's words
   */
  public static String error(TestRouteResult result, int status) {
    result.assertStatusCode(status);
    JsonNode body = json(result);
    assertEquals(1, body.size(), "an error body holds only \"error\": " + body);
    assertEquals(true, body.path("error").isTextual() && !body.get("error").asText().isBlank(), body.toString());
    return body.get("error").asText();
  }
}
