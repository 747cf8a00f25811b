package io.rtdispatch.frontend.http;

import static io.rtdispatch.common.testing.RouteTestKit.error;
import static io.rtdispatch.common.testing.RouteTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.testkit.TestRoute;
import akka.http.javadsl.testkit.TestRouteResult;
import akka.util.ByteString;
import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.registry.Binding;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.common.testing.OneNodeCluster;
import io.rtdispatch.common.testing.RouteTestKit;
import io.rtdispatch.frontend.FrontendContext;
import io.rtdispatch.frontend.FrontendMetrics;
import io.rtdispatch.frontend.FrontendSettings;
import io.rtdispatch.frontend.auth.SubscriberAuth;
import io.rtdispatch.frontend.connection.BufferBudget;
import io.rtdispatch.frontend.connection.ConnectionIds;
import io.rtdispatch.frontend.connection.Connections;
import io.rtdispatch.frontend.forward.OwnerEndpoints;
import io.rtdispatch.frontend.forward.SubscriptionForwarding;
import io.rtdispatch.frontend.subscription.SubscriptionShards;
import io.rtdispatch.frontend.subscription.SubscriptionTable;
import io.rtdispatch.frontend.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The frontend's HTTP contract besides the stream (docs/api.md: {@code POST}/{@code DELETE
 * /subscriptions}, subscriber authorization, the demo page, the internal endpoints and
 * "Validation and errors"), route by route with Akka HTTP's route testkit. The subscription
 * table is a probe: a delivered batch must reach it.
 */
class FrontendRoutesTest {

  private static final String SECRET = "a-subscribe-secret-of-at-least-32-bytes!";
  private static final String INTERNAL_TOKEN = "int-secret";
  private static final ActorTestKit testKit = OneNodeCluster.start("", Duration.ofSeconds(20));
  private static final RouteTestKit kit = new RouteTestKit(testKit.system());
  private static TestProbe<SubscriptionTable.Command> table;
  private static TestRoute publicPort;
  private static TestRoute internalPort;
  /** The same routes on a node that is shutting down. */
  private static TestRoute stoppingPort;

  @BeforeAll
  static void routes() {
    Config config = ConfigFactory.parseString("rtd.security.internal-token = " + INTERNAL_TOKEN + "\n"
            + "rtd.frontend.subscribe.jwt-secret = \"" + SECRET + "\"\n"
            + "rtd.frontend.subscribe.public-topics = \"live:*\"\n")
        .withFallback(ConfigFactory.load());
    FrontendSettings settings = FrontendSettings.from(config);
    Metrics metrics = new Metrics("dc-here");
    // this test's routes call their node "fe1"; the cluster's one member has another id and no advertised URL
    NodeContext node = new NodeContext(testKit.system(), "dc-here", "fe1", SecuritySettings.from(config),
        RegistrySettings.from(config), metrics);
    FrontendMetrics frontendMetrics = new FrontendMetrics(metrics);
    table = testKit.createTestProbe();
    SubscriptionShards shards = new SubscriptionShards(List.of(table.getRef()),
        new PendingLimit(100, 1 << 20, "this frontend", "fanned out"), frontendMetrics);
    Connections connections = new Connections(10, 100, new BufferBudget(1 << 20, metrics.counter("t", "t")),
        frontendMetrics);
    Readiness ready = new Readiness(testKit.system());
    ready.bound();
    Readiness stopping = new Readiness(testKit.system());
    stopping.bound();
    stopping.stopping();
    publicPort = kit.testRoute(routes(new FrontendContext(node, settings, frontendMetrics, ready), connections, shards)
        .route());
    internalPort = kit.testRoute(HttpSupport.jsonErrors(
        routes(new FrontendContext(node, settings, frontendMetrics, ready), connections, shards).internalRoute()));
    stoppingPort = kit.testRoute(
        routes(new FrontendContext(node, settings, frontendMetrics, stopping), connections, shards).route());
  }

  private static FrontendRoutes routes(FrontendContext context, Connections connections, SubscriptionShards shards) {
    CompletableFuture<FrontendRoutes> routes = new CompletableFuture<>();
    testKit.spawn(Behaviors.setup(actor -> {
      routes.complete(new FrontendRoutes(context, connections, shards,
          new SubscriberAuth(context.settings().subscribe(), context.node().metrics()),
          OwnerEndpoints.watch(actor, "owner-endpoints"), new SubscriptionForwarding(context),
          context.settings()::demoPublishPort));
      return Behaviors.empty();
    }));
    return routes.join();
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static HttpRequest change(HttpRequest request, String id, String topic) {
    return request.withEntity(ContentTypes.APPLICATION_JSON, "{\"connectionId\":\"" + id + "\",\"topic\":\"" + topic + "\"}");
  }

  private static HttpRequest bearer(HttpRequest request, String token) {
    return request.addHeader(RawHeader.create("Authorization", "Bearer " + token));
  }

  @Test
  void aChangeForAConnectionNoFrontendHoldsIs404() {
    for (HttpRequest request : List.of(HttpRequest.POST("/subscriptions"), HttpRequest.DELETE("/subscriptions"))) {
      String words = error(publicPort.run(change(request, "abc", "live:1")), 404);
      assertEquals("no open connection with id 'abc' (it was closed, or no frontend of this data center holds it)",
          words);
    }
    // an id naming a frontend that is not a member of the cluster: gone, not "retry later"
    error(publicPort.run(change(HttpRequest.DELETE("/subscriptions"), new ConnectionIds("fe9").next(), "live:1")), 404);
  }

  @Test
  void aChangeForAMemberWhoseAddressHasNotSpreadYetIs503WithRetryAfter() {
    Cluster cluster = Cluster.get(testKit.system());
    // this test's routes call their node "fe1"; the cluster's one member has another id and no advertised URL
    String id = new ConnectionIds(Binding.nodeId(cluster.selfMember().uniqueAddress())).next();
    TestRouteResult result = publicPort.run(change(HttpRequest.POST("/subscriptions"), id, "live:1"));
    assertTrue(error(result, 503).contains("not known here yet"));
    result.assertHeaderExists("Retry-After", "1");
  }

  @Test
  void malformedChangesAreJsonErrorsWithTheirStatus() {
    String field = error(publicPort.run(HttpRequest.POST("/subscriptions")
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"connectionId\":\"abc\",\"topics\":\"live:1\"}")), 400);
    assertTrue(field.contains("topics"), "names the unknown field: " + field);
    error(publicPort.run(change(HttpRequest.POST("/subscriptions"), "abc", "live/1")), 400);
    String type = error(publicPort.run(HttpRequest.POST("/subscriptions")
        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "{}")), 415);
    assertTrue(type.startsWith("Content-Type must be application/json"), type);
    String size = error(publicPort.run(HttpRequest.POST("/subscriptions")
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"topic\":\"" + "a".repeat(5000) + "\"}")), 413);
    assertTrue(size.contains("the limit is 4096"), size);
    error(publicPort.run(HttpRequest.PUT("/subscriptions")), 405);
  }

  @Test
  void aNodeThatIsNotReadyAnswersChanges503() {
    TestRouteResult refused = stoppingPort.run(change(HttpRequest.POST("/subscriptions"), "abc", "live:1"));
    assertEquals("this node is shutting down", error(refused, 503));
    refused.assertHeaderExists("Retry-After", "1");
  }

  @Test
  void aTopicThatIsNotPublicNeedsATokenThatGrantsIt() throws Exception {
    HttpRequest member = change(HttpRequest.POST("/subscriptions"), "abc", "member:7");
    TestRouteResult missing = publicPort.run(member);
    assertTrue(error(missing, 401).startsWith("topic 'member:7' needs a subscribe token"));
    missing.assertHeaderExists("WWW-Authenticate", "Bearer realm=\"subscriptions\"");

    TestRouteResult invalid = publicPort.run(bearer(member, "not-a-jwt"));
    error(invalid, 401);
    assertTrue(invalid.response().getHeader("WWW-Authenticate").get().value().contains("error=\"invalid_token\""));

    String other = Tokens.hs256(SECRET, List.of("member:8"), Instant.now().plusSeconds(60));
    assertEquals("the subscribe token does not grant topic 'member:7'", error(publicPort.run(bearer(member, other)), 403));
    String query = Tokens.hs256(SECRET, List.of("member:*"), Instant.now().plusSeconds(60));
    error(publicPort.run(change(HttpRequest.POST("/subscriptions?token=" + query), "abc", "member:7")), 404);
    // a public topic needs none, and unsubscribing never does
    error(publicPort.run(change(HttpRequest.POST("/subscriptions"), "abc", "live:1")), 404);
    error(publicPort.run(change(HttpRequest.DELETE("/subscriptions"), "abc", "member:7")), 404);
  }

  @Test
  void theDemoPageIsServedWithItsSecurityHeaders() {
    TestRouteResult page = publicPort.run(HttpRequest.GET("/").addHeader(RawHeader.create("Host", "example.org")));
    page.assertStatusCode(200);
    page.assertMediaType("text/html");
    assertTrue(page.response().getHeader("Content-Security-Policy").get().value().contains("script-src 'self'"));
    page.assertHeaderExists("X-Frame-Options", "DENY");
    page.assertHeaderExists("X-Content-Type-Options", "nosniff");
    publicPort.run(HttpRequest.GET("/favicon.ico")).assertStatusCode(204);
    TestRouteResult config = publicPort.run(HttpRequest.GET("/demo/config"));
    config.assertStatusCode(200);
    assertEquals("dc-here", json(config).get("dataCenter").asText(), config.entityString());
  }

  @Test
  void internalPathsOnThePublicPortSayWhereTheyAre() {
    String words = error(publicPort.run(HttpRequest.POST("/internal/deliver")), 404);
    assertTrue(words.contains("RTD_INTERNAL_PORT"), words);
  }

  @Test
  void everyInternalEndpointNeedsItsToken() {
    for (HttpRequest request : List.of(HttpRequest.POST("/internal/deliver"),
        HttpRequest.POST("/internal/subscribers"), change(HttpRequest.POST("/internal/subscriptions"), "abc", "a"),
        change(HttpRequest.DELETE("/internal/subscriptions"), "abc", "a"))) {
      TestRouteResult result = internalPort.run(request);
      assertTrue(error(result, 401).startsWith("missing 'Authorization: Bearer <token>'"), request.getUri().path());
      result.assertHeaderExists("WWW-Authenticate", "Bearer realm=\"internal endpoints\"");
      assertEquals("the bearer token for internal endpoints is not valid",
          error(internalPort.run(bearer(request, "wrong")), 401));
    }
  }

  @Test
  void aDeliveredBatchReachesTheSubscriptionTableAndABadOneIsRefusedWhole() {
    Event event = Event.create("1-1", "live:9", "like", "{}".getBytes(StandardCharsets.UTF_8), 1);
    HttpRequest deliver = bearer(HttpRequest.POST("/internal/deliver"), INTERNAL_TOKEN);
    error(internalPort.run(deliver.withEntity(ContentTypes.create(HttpSupport.EVENT_BATCH),
        ByteString.fromString("1-2 live:9 {\"x\":1}\nnot a line\n"))), 400); // the valid first line is not taken
    error(internalPort.run(deliver.withEntity(ContentTypes.APPLICATION_JSON, "{}")), 415);

    internalPort.run(deliver.withEntity(ContentTypes.create(HttpSupport.EVENT_BATCH),
        EventBatch.encode(List.of(event)))).assertStatusCode(204);
    assertEquals(new SubscriptionTable.Deliver(List.of(event)), table.receiveMessage(),
        "the first thing the table got is the valid batch, after the refused ones");
  }

  @Test
  void aForwardedChangeForAConnectionNotHeldHereIs404AndNeverForwardedAgain() {
    HttpRequest forwarded = bearer(HttpRequest.POST("/internal/subscriptions"), INTERNAL_TOKEN)
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"connectionId\":\"x.fe2\",\"topic\":\"member:7\"}");
    assertTrue(error(internalPort.run(forwarded), 404).startsWith("no open connection with id 'x.fe2'"));
  }
}
