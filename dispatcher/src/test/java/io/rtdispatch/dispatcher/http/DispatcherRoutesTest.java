package io.rtdispatch.dispatcher.http;

import static io.rtdispatch.common.testing.RouteTestKit.error;
import static io.rtdispatch.common.testing.RouteTestKit.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.testkit.TestRoute;
import akka.http.javadsl.testkit.TestRouteResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rtdispatch.common.event.Event;
import io.rtdispatch.common.event.EventBatch;
import io.rtdispatch.common.flow.ByteBudget;
import io.rtdispatch.common.flow.PendingLimit;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.http.Readiness;
import io.rtdispatch.common.node.NodeContext;
import io.rtdispatch.common.registry.RegistrySettings;
import io.rtdispatch.common.testing.OneNodeCluster;
import io.rtdispatch.common.metrics.Metrics;
import io.rtdispatch.common.settings.SecuritySettings;
import io.rtdispatch.common.testing.RouteTestKit;
import io.rtdispatch.dispatcher.DispatcherContext;
import io.rtdispatch.dispatcher.DispatcherMetrics;
import io.rtdispatch.dispatcher.DispatcherSettings;
import io.rtdispatch.dispatcher.fanout.Router;
import io.rtdispatch.dispatcher.peers.Peers;
import io.rtdispatch.dispatcher.presence.PresenceCounter;
import io.rtdispatch.dispatcher.registry.RegistryView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's HTTP contract (docs/api.md: {@code POST /publish}, {@code GET /presence},
 * the internal endpoints and "Validation and errors"), route by route with Akka HTTP's route
 * testkit. The router is a probe: a publish must reach it, a refused one must not.
 */
class DispatcherRoutesTest {

  private static final ActorTestKit testKit = OneNodeCluster.start("", java.time.Duration.ofSeconds(20));
  private static final RouteTestKit kit = new RouteTestKit(testKit.system());
  private static final String PUBLISH_TOKEN = "pub-secret";
  private static final String INTERNAL_TOKEN = "int-secret";

  private TestProbe<Router.Command> router;
  private TestRoute publicPort;
  /** The same routes on a node that is shutting down. */
  private TestRoute stoppingPort;
  private TestRoute internalPort;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void routes() {
    router = testKit.createTestProbe();
    Config config = ConfigFactory.parseString("rtd.data-center = dc-here\n"
            + "rtd.security.publish-token = " + PUBLISH_TOKEN + "\n"
            + "rtd.security.internal-token = " + INTERNAL_TOKEN + "\n"
            + "rtd.dispatcher.cors-allowed-origins = \"https://page.example\"\n"
            + "rtd.dispatcher.publish.max-events-per-second = 5\n"
            + "rtd.dispatcher.publish.max-data-bytes = 100\n")
        .withFallback(ConfigFactory.load());
    SecuritySettings security = SecuritySettings.from(config);
    DispatcherSettings settings = DispatcherSettings.from(config, "dc-here", security);
    Metrics metrics = new Metrics("dc-here");
    NodeContext node = new NodeContext(testKit.system(), "dc-here", "d1", security, RegistrySettings.from(config),
        metrics);
    Readiness ready = new Readiness(testKit.system());
    ready.bound();
    Readiness stopping = new Readiness(testKit.system());
    stopping.bound();
    stopping.stopping();
    DispatcherRoutes routes = routes(node, settings, ready);
    stoppingPort = kit.testRoute(routes(node, settings, stopping).route());
    publicPort = kit.testRoute(routes.route());
    internalPort = kit.testRoute(HttpSupport.jsonErrors(routes.internalRoute()));
  }

  private DispatcherRoutes routes(NodeContext node, DispatcherSettings settings, Readiness readiness) {
    DispatcherContext context = new DispatcherContext(node, settings, new DispatcherMetrics(node.metrics()),
        new PendingLimit(1000, 1 << 20, "this dispatcher", "routed"), readiness);
    Peers peers = Peers.start(context, new ByteBudget(1 << 20));
    return new DispatcherRoutes(context, router.getRef(), peers, new PresenceCounter(context, router.getRef()));
  }

  private static HttpRequest publish(String body) {
    return HttpRequest.POST("/publish").withEntity(ContentTypes.APPLICATION_JSON, body)
        .addHeader(RawHeader.create("Authorization", "Bearer " + PUBLISH_TOKEN));
  }

  private static HttpRequest internal(HttpRequest request) {
    return request.addHeader(RawHeader.create("Authorization", "Bearer " + INTERNAL_TOKEN));
  }

  @Test
  void aPublishIsAnswered202WithItsIdAndHandedToTheRouter() {
    TestRouteResult result = publicPort.run(publish("{\"topic\":\"live:1\",\"type\":\"like\",\"data\":{\"a\":1}}"));
    result.assertStatusCode(202);
    String id = json(result).get("id").asText();
    Router.Dispatch dispatch = router.expectMessageClass(Router.Dispatch.class);
    assertEquals(List.of(id), dispatch.events().stream().map(Event::id).toList());
    assertEquals("live:1", dispatch.events().get(0).topic());
  }

  @Test
  void aBatchIsAnsweredWithItsIdsInOrder() {
    TestRouteResult result = publicPort.run(publish("[{\"topic\":\"a\"},{\"topic\":\"b\"}]"));
    result.assertStatusCode(202);
    JsonNode ids = json(result).get("ids");
    Router.Dispatch dispatch = router.expectMessageClass(Router.Dispatch.class);
    assertEquals(List.of(ids.get(0).asText(), ids.get(1).asText()),
        dispatch.events().stream().map(Event::id).toList());
    assertEquals(List.of("a", "b"), dispatch.events().stream().map(Event::topic).toList());
  }

  @Test
  void refusedPublishesAreJsonErrorsWithTheirStatusAndReachNoRouter() {
    String topic = error(publicPort.run(publish("{\"topic\":\"a/b\"}")), 400);
    assertTrue(topic.contains("topic may contain only"), topic);
    String field = error(publicPort.run(publish("{\"topics\":\"a\"}")), 400);
    assertTrue(field.contains("topics"), "names the unknown field: " + field);
    String data = error(publicPort.run(publish("{\"topic\":\"a\",\"data\":\"" + "x".repeat(200) + "\"}")), 413);
    assertTrue(data.contains("the limit is 100"), data);
    String type = error(publicPort.run(HttpRequest.POST("/publish")
        .withEntity(ContentTypes.APPLICATION_X_WWW_FORM_URLENCODED, "topic=a")
        .addHeader(RawHeader.create("Authorization", "Bearer " + PUBLISH_TOKEN))), 415);
    assertTrue(type.startsWith("Content-Type must be application/json"), type);
    error(publicPort.run(HttpRequest.GET("/publish")), 405);
    error(publicPort.run(HttpRequest.GET("/nowhere")), 404);

    publicPort.run(publish("{\"topic\":\"canary\"}")).assertStatusCode(202);
    assertEquals("canary", router.expectMessageClass(Router.Dispatch.class).events().get(0).topic(),
        "the first thing the router got is the canary published after the refused ones");
  }

  @Test
  void publishingNeedsThePublishTokenAndA401SaysHowToSendIt() {
    HttpRequest bare = HttpRequest.POST("/publish").withEntity(ContentTypes.APPLICATION_JSON, "{\"topic\":\"a\"}");
    TestRouteResult missing = publicPort.run(bare);
    assertTrue(error(missing, 401).contains("missing 'Authorization: Bearer <token>' header for publishing"));
    missing.assertHeaderExists("WWW-Authenticate", "Bearer realm=\"publishing\"");
    TestRouteResult wrong = publicPort.run(bare.addHeader(RawHeader.create("Authorization", "Bearer nope")));
    assertTrue(error(wrong, 401).contains("not valid"));
    wrong.assertHeaderExists("WWW-Authenticate", "Bearer realm=\"publishing\"");
  }

  @Test
  void overThePublishRateA429SaysTheLimit() {
    publicPort.run(publish("[{\"topic\":\"a\"},{\"topic\":\"a\"},{\"topic\":\"a\"},{\"topic\":\"a\"},{\"topic\":\"a\"}]"))
        .assertStatusCode(202);
    TestRouteResult over = publicPort.run(publish("[" + "{\"topic\":\"a\"},".repeat(5) + "{\"topic\":\"a\"}]"));
    String words = error(over, 429);
    assertTrue(words.contains("at most 5 events per second"), words);
    over.assertHeaderExists("Retry-After", "1"); // waiting lifts it
  }

  @Test
  void aNodeThatIsNotReadyAnswers503WithItsReasonAndRetryAfter() {
    TestRouteResult refused = stoppingPort.run(publish("{\"topic\":\"a\"}"));
    assertEquals("this node is shutting down", error(refused, 503));
    refused.assertHeaderExists("Retry-After", "1");
  }

  @Test
  void internalPathsOnThePublicPortSayWhereTheyAre() {
    String words = error(publicPort.run(internal(HttpRequest.GET("/internal/routes?topic=a"))), 404);
    assertTrue(words.contains("RTD_INTERNAL_PORT"), words);
  }

  @Test
  void corsHeadersReachErrorsTooAndPreflightsAreAnswered() {
    HttpRequest fromPage = HttpRequest.POST("/publish").withEntity(ContentTypes.APPLICATION_JSON, "{}")
        .addHeader(RawHeader.create("Origin", "https://page.example"));
    TestRouteResult refused = publicPort.run(fromPage);
    error(refused, 401);
    refused.assertHeaderExists("Access-Control-Allow-Origin", "https://page.example");
    TestRouteResult preflight = publicPort.run(HttpRequest.create("/publish")
        .withMethod(akka.http.javadsl.model.HttpMethods.OPTIONS)
        .addHeader(RawHeader.create("Origin", "https://page.example")));
    preflight.assertStatusCode(204);
    preflight.assertHeaderKindExists("Access-Control-Allow-Methods");
    publicPort.run(HttpRequest.GET("/publish").addHeader(RawHeader.create("Origin", "https://elsewhere.example")))
        .assertHeaderKindNotExists("Access-Control-Allow-Origin");
  }

  @Test
  void presenceNeedsAValidTopic() {
    assertTrue(error(publicPort.run(HttpRequest.GET("/presence")), 400).contains("GET /presence?topic=<topic>"));
    error(publicPort.run(HttpRequest.GET("/presence?topic=a%20b")), 400);
  }

  @Test
  void everyInternalEndpointNeedsItsToken() {
    for (HttpRequest request : List.of(HttpRequest.GET("/internal/routes?topic=a"),
        HttpRequest.POST("/internal/peer-publish").withEntity(ContentTypes.APPLICATION_JSON, "{}"),
        HttpRequest.POST("/internal/presence").withEntity(ContentTypes.APPLICATION_JSON, "{}"))) {
      TestRouteResult result = internalPort.run(request);
      assertTrue(error(result, 401).startsWith("missing 'Authorization: Bearer <token>'"), request.getUri().path());
      result.assertHeaderKindExists("WWW-Authenticate");
    }
  }

  @Test
  void routesAnswersWhichFrontendsTheRouterWouldSendTheTopicTo() {
    error(internalPort.run(internal(HttpRequest.GET("/internal/routes?topic=a%2Fb"))), 400);
    CompletableFuture<TestRouteResult> answer = CompletableFuture.supplyAsync(() ->
        internalPort.run(internal(HttpRequest.GET("/internal/routes?topic=live:3"))));
    Router.Lookup lookup = router.expectMessageClass(Router.Lookup.class);
    assertEquals("live:3", lookup.topic());
    lookup.replyTo().tell(new Router.Routes("live:3",
        List.of(new RegistryView.FrontendEndpoint("fe-1", "http://10.0.0.1:8082"))));
    TestRouteResult result = answer.join();
    result.assertStatusCode(200);
    JsonNode body = json(result);
    assertEquals("live:3", body.get("topic").asText());
    assertEquals(1, body.get("frontends").size(), body.toString());
    assertEquals("fe-1", body.get("frontends").get(0).get("nodeId").asText());
    assertEquals("http://10.0.0.1:8082", body.get("frontends").get(0).get("url").asText());
  }

  @Test
  void aPeerBatchIsDeliveredHereAndAnswered204() {
    Event event = Event.create("1-1", "live:9", "like", "{}".getBytes(StandardCharsets.UTF_8), 1);
    HttpRequest batch = internal(HttpRequest.POST("/internal/peer-publish")
        .withEntity(ContentTypes.create(HttpSupport.EVENT_BATCH), EventBatch.encode(List.of(event))));
    assertTrue(error(internalPort.run(batch), 400).contains("X-Rtd-Origin-DC"));
    assertTrue(error(internalPort.run(batch.addHeader(RawHeader.create(Peers.ORIGIN_HEADER, "dc-here"))), 400)
        .contains("this data center itself"));
    error(internalPort.run(internal(HttpRequest.POST("/internal/peer-publish")
        .withEntity(ContentTypes.APPLICATION_JSON, "{}")).addHeader(RawHeader.create(Peers.ORIGIN_HEADER, "dc-b"))),
        415);

    internalPort.run(batch.addHeader(RawHeader.create(Peers.ORIGIN_HEADER, "dc-b"))).assertStatusCode(204);
    assertEquals(List.of(event), router.expectMessageClass(Router.Dispatch.class).events());
  }
}
