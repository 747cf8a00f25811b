package io.rtdispatch.node;

import static io.rtdispatch.node.TestNodes.WAIT;
import static io.rtdispatch.node.TestNodes.assertError;
import static io.rtdispatch.node.TestNodes.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.rtdispatch.common.testing.SseTestClient;
import io.rtdispatch.common.testing.TestHttp;
import io.rtdispatch.frontend.testing.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Who may subscribe to what, against a real node with an HS256 secret, a JWKS file of RS256 keys
 * and {@code news:*} public: the answers of GET /connect and /subscriptions for each kind of
 * token, the {@code token-expired} event that ends a stream, the refusal counts, and no token in
 * the logs.
 */
class SubscribeTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "subscribe-tokens-test-secret-0123456789";
  private static final Instant LATER = Instant.now().plusSeconds(3600);

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final Logger PROJECT_LOG = (Logger) LoggerFactory.getLogger("io.rtdispatch");
  private static final List<String> TOKENS_USED = new ArrayList<>();

  private static Level projectLevel;
  private static RSAKey rsa;
  private static Path jwks;
  private static RtdNode node;

  @BeforeAll
  static void startNode() throws Exception {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    projectLevel = PROJECT_LOG.getLevel();
    PROJECT_LOG.setLevel(Level.DEBUG);
    rsa = Tokens.rsaKey("2026-12");
    jwks = Files.createTempFile("rtd-subscribe-keys", ".json");
    Files.writeString(jwks, new JWKSet(rsa).toPublicJWKSet().toString());
    node = TestNodes.start(
        "rtd.frontend.subscribe.jwt-secret", SECRET,
        "rtd.frontend.subscribe.jwt-keys", jwks.toString(),
        "rtd.frontend.subscribe.public-topics", "news:*",
        "rtd.frontend.subscribe.clock-skew", "0s");
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    PROJECT_LOG.setLevel(projectLevel);
    Files.deleteIfExists(jwks);
    // Every log line of the whole class, start-up and shutdown included: no token, no secret.
    assertTrue(LOGS.list.stream().anyMatch(e -> e.getFormattedMessage().contains("subscriber authorization on")),
        "the start-up line says tokens are checked");
    for (ILoggingEvent event : LOGS.list) {
      String text = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      assertFalse(text.contains(SECRET), "the secret was logged: " + text);
      for (String token : TOKENS_USED) {
        assertFalse(text.contains(token.substring(token.lastIndexOf('.'))), "a token was logged: " + text);
      }
    }
  }

  private static String hs256(Instant exp, String... topics) throws Exception {
    return used(Tokens.hs256(SECRET, List.of(topics), exp));
  }

  private static String used(String token) {
    TOKENS_USED.add(token);
    return token;
  }

  private static String url(String pathAndQuery) {
    return TestHttp.url(node.frontendAddress(), pathAndQuery);
  }

  private static void assertChallenge(TestHttp.Response response) {
    assertTrue(response.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
        response.raw().headers().toString());
  }

  private static String connectionId(SseTestClient stream) throws Exception {
    SseTestClient.Frame connected = stream.next(WAIT);
    assertEquals("connected", connected.event());
    return JSON.readTree(connected.data()).get("connectionId").asText();
  }

  @Test
  void aValidTokenInTheQueryOrTheHeaderOpensTheStream() throws Exception {
    try (SseTestClient query = SseTestClient.open(node.frontendAddress(),
        "/connect?topic=member:7&token=" + hs256(LATER, "member:7"));
        SseTestClient header = SseTestClient.open(node.frontendAddress(), "/connect?topic=member:7&topic=live:1",
            "Authorization", "Bearer " + used(Tokens.rs256(rsa, List.of("member:7", "live:*"), LATER)))) {
      assertEquals(200, query.status());
      connectionId(query);
      assertEquals(200, header.status());
      connectionId(header);
    }
  }

  @Test
  void badTokensAre401WithAChallenge() throws Exception {
    RSAKey stranger = Tokens.rsaKey("2026-12");
    TestHttp.Response wrongKey = TestHttp.get(url("/connect?topic=member:7"),
        "Authorization", "Bearer " + used(Tokens.rs256(stranger, List.of("member:7"), LATER)));
    assertError(401, "signature does not verify", wrongKey);
    assertChallenge(wrongKey);
    TestHttp.Response expired = TestHttp.get(url("/connect?topic=member:7&token="
        + hs256(Instant.now().minusSeconds(10), "member:7")));
    assertError(401, "expired", expired);
    assertChallenge(expired);
    assertError(401, "not a well-formed", TestHttp.get(url("/connect?topic=member:7&token=garbage")));
    TestHttp.Response missing = TestHttp.get(url("/connect?topic=news:1&topic=member:7"));
    assertError(401, "'member:7' needs a subscribe token", missing);
    assertChallenge(missing);
  }

  @Test
  void aTopicTheTokenDoesNotGrantIs403NamingIt() throws Exception {
    assertError(403, "does not grant topic 'member:8'",
        TestHttp.get(url("/connect?topic=member:7&topic=member:8&token=" + hs256(LATER, "member:7"))));
  }

  @Test
  void publicTopicsNeedNoToken() throws Exception {
    try (SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=news:1&topic=news:2")) {
      assertEquals(200, stream.status());
      connectionId(stream);
    }
  }

  @Test
  void subscribingThroughSubscriptionsNeedsATokenUnsubscribingDoesNot() throws Exception {
    try (SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=news:1")) {
      String id = connectionId(stream);
      String member7 = "{\"connectionId\":\"" + id + "\",\"topic\":\"member:7\"}";
      TestHttp.Response missing = TestHttp.postJson(url("/subscriptions"), member7);
      assertError(401, "needs a subscribe token", missing);
      assertChallenge(missing);
      assertError(403, "'member:7'", TestHttp.postJson(url("/subscriptions"), member7,
          "Authorization", "Bearer " + hs256(LATER, "member:9")));
      assertEquals(200, TestHttp.postJson(url("/subscriptions"), member7,
          "Authorization", "Bearer " + hs256(LATER, "member:*")).status());
      assertEquals(200, TestHttp.postJson(url("/subscriptions?token=" + hs256(LATER, "member:8")),
          "{\"connectionId\":\"" + id + "\",\"topic\":\"member:8\"}").status());
      assertEquals(200, TestHttp.postJson(url("/subscriptions"), "{\"connectionId\":\"" + id
          + "\",\"topic\":\"news:3\"}").status(), "a public topic needs no token");
      assertEquals(200, TestHttp.send("DELETE", url("/subscriptions"), "application/json", member7).status());
    }
  }

  @Test
  void aStreamEndsWithATokenExpiredEventWhenItsTokenExpires() throws Exception {
    String token = hs256(Instant.now().plusSeconds(6), "member:7");
    try (SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=member:7&token=" + token)) {
      connectionId(stream);
      SseTestClient.Frame expired = stream.next(frame -> !frame.comment(), WAIT);
      assertEquals("token-expired", expired.event());
      assertTrue(JSON.readTree(expired.data()).has("expiredAt"), expired.data());
      assertTrue(stream.awaitEnd(WAIT), "the stream ends after the token-expired event");
    }
    // What the browser's automatic reconnect gets: a 401, so the page's onerror fires and it renews.
    assertError(401, "expired", TestHttp.get(url("/connect?topic=member:7&token=" + token)));
  }

  @Test
  void aTokenGivenToSubscriptionsAlsoEndsTheStreamAtItsExpiry() throws Exception {
    try (SseTestClient stream = SseTestClient.open(node.frontendAddress(), "/connect?topic=news:1")) {
      String id = connectionId(stream);
      assertEquals(200, TestHttp.postJson(url("/subscriptions"), "{\"connectionId\":\"" + id
          + "\",\"topic\":\"member:7\"}", "Authorization", "Bearer " + hs256(Instant.now().plusSeconds(6), "member:7"))
          .status());
      assertEquals("token-expired", stream.next(frame -> !frame.comment(), WAIT).event());
      assertTrue(stream.awaitEnd(WAIT));
    }
  }

  @Test
  void refusalsAreCountedByReason() throws Exception {
    double before = metric(node.frontendAddress(), "rtd_frontend_subscribe_refused_total", "reason=\"forbidden\"");
    assertError(403, "member:5", TestHttp.get(url("/connect?topic=member:5&token=" + hs256(LATER, "member:6"))));
    assertEquals(before + 1,
        metric(node.frontendAddress(), "rtd_frontend_subscribe_refused_total", "reason=\"forbidden\""));
  }
}
