package io.rtdispatch.dispatcher.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.util.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HttpConnections against a real HTTP server on loopback: what arrives, what a deadline does,
 * and that a server restarted on the same port is reached by the very next request.
 */
class HttpConnectionsTest {

  private static final long WAIT_SECONDS = 10;

  private static ActorTestKit testKit;

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private HttpConnections connections;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create("HttpConnectionsTest");
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (connections != null) {
      connections.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  /** A server recording "method path content-type body"; path /slow answers only once released. */
  private HttpServer serve(int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    s.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
          + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
      if (exchange.getRequestURI().getPath().equals("/slow")) {
        try {
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int status = exchange.getRequestURI().getPath().equals("/refuse") ? 429 : 204;
      byte[] answer = status == 204 ? new byte[0] : "{\"error\":\"busy\"}".getBytes(UTF_8);
      exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    s.start();
    return s;
  }

  private HttpConnections connectTo(int port) {
    connections = new HttpConnections(testKit.system(), "http://127.0.0.1:" + port, Duration.ofSeconds(2));
    return connections;
  }

  private static Event event(String id) {
    return Event.create(id, "live:42", "like", "{\"n\":1}".getBytes(UTF_8), 1700000000000L);
  }

  private static Batch batch(Duration timeout, Event... events) {
    return new Batch(List.of(events), System.nanoTime() + timeout.toNanos());
  }

  private static HttpConnections.Reply await(java.util.concurrent.CompletionStage<HttpConnections.Reply> reply) {
    return reply.toCompletableFuture().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
  }

  private static HttpConnections.LinkFailure failure(java.util.concurrent.CompletionStage<HttpConnections.Reply> reply) {
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
        () -> reply.toCompletableFuture().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join());
    return assertInstanceOf(HttpConnections.LinkFailure.class, e.getCause());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void postsTheBatchInTheWireFormatWithHeaders() throws Exception {
    server = serve(0);
    Event a = event("a");
    Event b = event("b");

    HttpConnections.Reply reply = await(connectTo(server.getAddress().getPort())
        .post("/internal/deliver", batch(Duration.ofSeconds(5), a, b), "Authorization", "Bearer t"));

    assertEquals(204, reply.status());
    assertTrue(reply.ok());
    String request = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    String body = EventBatch.encode(List.of(a, b)).utf8String();
    assertEquals("POST /internal/deliver " + EventBatch.MEDIA_TYPE + " " + body, request);
    assertEquals(List.of(a, b), EventBatch.decode(ByteString.fromString(body)));
  }

  @Test
  void reportsAnErrorStatusWithItsBody() throws Exception {
    server = serve(0);

    HttpConnections.Reply reply = await(connectTo(server.getAddress().getPort())
        .post("/refuse", batch(Duration.ofSeconds(5), event("a"))));

    assertEquals(429, reply.status());
    assertFalse(reply.ok());
    assertEquals("{\"error\":\"busy\"}", reply.body());
  }

  @Test
  void sendsManyBatchesOneAfterAnother() throws Exception {
    server = serve(0);
    HttpConnections c = connectTo(server.getAddress().getPort());

    for (int i = 0; i < 20; i++) {
      assertEquals(204, await(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("e" + i)))).status());
    }
    assertEquals(20, received.size());
  }

  @Test
  void aRefusedConnectionFailsAtOnceAndCertainlyDidNotArrive() throws Exception {
    HttpConnections.LinkFailure failure = failure(connectTo(freePort())
        .post("/internal/deliver", batch(Duration.ofSeconds(5), event("a"))));

    assertFalse(failure.mayHaveArrived(), failure.getMessage());
  }

  @Test
  void aBatchPastItsDeadlineIsNotSent() throws Exception {
    server = serve(0);

    HttpConnections.LinkFailure failure = failure(connectTo(server.getAddress().getPort())
        .post("/internal/deliver", new Batch(List.of(event("late")), System.nanoTime() - 1)));

    assertFalse(failure.mayHaveArrived());
    assertEquals(null, received.poll(200, TimeUnit.MILLISECONDS), "nothing reached the server");
  }

  @Test
  void noAnswerByTheDeadlineFailsTheRequestAndItMayHaveArrived() throws Exception {
    server = serve(0);
    HttpConnections c = connectTo(server.getAddress().getPort());

    HttpConnections.LinkFailure failure = failure(c.post("/slow", batch(Duration.ofMillis(300), event("a"))));

    assertTrue(failure.mayHaveArrived(), failure.getMessage());
    release.countDown();
    assertEquals(204, await(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("b")))).status(),
        "the next request opens a new connection");
  }

  @Test
  void aServerRestartedOnTheSamePortIsReachedByTheNextRequest() throws Exception {
    server = serve(0);
    int port = server.getAddress().getPort();
    HttpConnections c = connectTo(port);
    assertEquals(204, await(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("before")))).status());

    server.stop(0);
    for (int i = 0; i < 5; i++) {
      failure(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("down" + i))));
    }
    server = serve(port);

    assertEquals(204, await(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("after")))).status());
  }

  @Test
  void closedConnectionsTakeNoMoreBatches() throws Exception {
    server = serve(0);
    HttpConnections c = connectTo(server.getAddress().getPort());
    c.close();

    assertFalse(failure(c.post("/internal/deliver", batch(Duration.ofSeconds(5), event("a")))).mayHaveArrived());
    assertEquals(null, received.poll(200, TimeUnit.MILLISECONDS));
  }

  @Test
  void prefixesThePathOfTheBaseUrl() throws Exception {
    server = serve(0);
    connections = new HttpConnections(testKit.system(), "http://127.0.0.1:" + server.getAddress().getPort() + "/rtd/",
        Duration.ofSeconds(2));

    assertEquals(204, await(connections.post("/internal/deliver", batch(Duration.ofSeconds(5), event("a")))).status());
    assertTrue(received.poll(WAIT_SECONDS, TimeUnit.SECONDS).startsWith("POST /rtd/internal/deliver "));
  }

  @Test
  void aBaseUrlThatIsNotHttpFailsEveryPostInsteadOfThrowing() {
    HttpConnections bad = new HttpConnections(testKit.system(), "ftp://nowhere", Duration.ofSeconds(2));

    HttpConnections.LinkFailure failure = failure(bad.post("/internal/deliver", batch(Duration.ofSeconds(5), event("a"))));

    assertEquals("'ftp://nowhere' is not an http(s)://host:port URL", failure.getMessage());
    assertFalse(failure.mayHaveArrived());
  }
}
