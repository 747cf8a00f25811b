package io.rtdispatch.frontend.auth;

import io.rtdispatch.common.event.TopicPatterns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.rtdispatch.frontend.testing.Tokens;
import io.rtdispatch.common.http.HttpSupport;
import io.rtdispatch.common.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriberAuthTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
  private static final Instant IN_AN_HOUR = Instant.now().plus(Duration.ofHours(1));

  private final Metrics metrics = new Metrics("test");

  @TempDir
  Path dir;

  @AfterEach
  void closeMetrics() {
    metrics.close();
  }

  private SubscriberAuth auth(String secret, String keys, String publicTopics) {
    return new SubscriberAuth(SubscribeSettings.of(secret, keys, TopicPatterns.parse(publicTopics),
        Duration.ofSeconds(5)), metrics);
  }

  private static SubscriberAuth.Refused refused(SubscriberAuth.Reason reason, SubscriberAuth.Decision decision) {
    SubscriberAuth.Refused refused = assertInstanceOf(SubscriberAuth.Refused.class, decision);
    assertEquals(reason, refused.reason(), refused.message());
    return refused;
  }

  @Test
  void withNoKeyEveryTopicIsPublic() {
    SubscriberAuth open = new SubscriberAuth(SubscribeSettings.OPEN, metrics);
    assertEquals(new SubscriberAuth.Allowed(null), open.check(null, List.of("member:7")));
  }

  @Test
  void hs256TokenGrantsItsTopicsUntilItsExpiryPlusSkew() throws Exception {
    SubscriberAuth auth = auth(SECRET, "", "");
    String token = Tokens.hs256(SECRET, List.of("member:7", "live:*"), IN_AN_HOUR);
    SubscriberAuth.Allowed allowed = assertInstanceOf(SubscriberAuth.Allowed.class,
        auth.check(token, List.of("member:7", "live:3")));
    assertEquals(IN_AN_HOUR.getEpochSecond() + 5, allowed.endsAt().getEpochSecond());
    SubscriberAuth.Refused forbidden = refused(SubscriberAuth.Reason.FORBIDDEN,
        auth.check(token, List.of("member:7", "member:8")));
    assertTrue(forbidden.message().contains("'member:8'"), forbidden.message());
    assertEquals(403, HttpSupport.status(forbidden.problem().kind()).intValue());
  }

  @Test
  void publicTopicsNeedNoTokenOthersDo() {
    SubscriberAuth auth = auth(SECRET, "", "news:*,status");
    assertEquals(new SubscriberAuth.Allowed(null), auth.check(null, List.of("news:1", "status")));
    SubscriberAuth.Refused missing = refused(SubscriberAuth.Reason.MISSING, auth.check("", List.of("news:1", "x")));
    assertTrue(missing.message().contains("'x'"), missing.message());
  }

  @Test
  void badTokensAreInvalidAndNeverQuoted() throws Exception {
    SubscriberAuth auth = auth(SECRET, "", "");
    String otherKey = Tokens.hs256(SECRET.replace('0', '9'), List.of("t"), IN_AN_HOUR);
    for (String bad : List.of("not-a-jwt", otherKey, otherKey.substring(0, otherKey.lastIndexOf('.')) + ".",
        otherKey.substring(0, otherKey.lastIndexOf('.') + 1) + "AAAA")) {
      SubscriberAuth.Refused refused = refused(SubscriberAuth.Reason.INVALID, auth.check(bad, List.of("t")));
      assertTrue(!refused.message().contains(bad) && !refused.message().contains("eyJ"), refused.message());
    }
  }

  @Test
  void aHostileTokenNestedDeepOrHugeIsInvalid() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String deep = "{\"alg\":\"HS256\",\"x\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    String token = b64.encodeToString(deep.getBytes(StandardCharsets.UTF_8)) + ".e30.AAAA";
    refused(SubscriberAuth.Reason.INVALID, auth(SECRET, "", "").check(token, List.of("t")));
    String claims = b64.encodeToString(("{\"topics\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}")
        .getBytes(StandardCharsets.UTF_8));
    refused(SubscriberAuth.Reason.INVALID, auth(SECRET, "", "").check(b64.encodeToString(
        "{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "." + claims + ".AAAA", List.of("t")));
  }

  @Test
  void anUnsignedTokenIsInvalid() {
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"topics\":[\"*\"]}".getBytes(StandardCharsets.UTF_8));
    refused(SubscriberAuth.Reason.INVALID, auth(SECRET, "", "").check(header + "." + claims + ".", List.of("t")));
  }

  @Test
  void expiredAndNotYetValidTokensAreRefused() throws Exception {
    SubscriberAuth auth = auth(SECRET, "", "");
    refused(SubscriberAuth.Reason.EXPIRED, auth.check(
        Tokens.hs256(SECRET, List.of("t"), Instant.now().minusSeconds(60)), List.of("t")));
    // Within the 5 s skew an exp just past still counts, and the stream would end at exp + skew.
    assertInstanceOf(SubscriberAuth.Allowed.class, auth.check(
        Tokens.hs256(SECRET, List.of("t"), Instant.now().minusSeconds(1)), List.of("t")));
    String early = Tokens.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
        new JWSHeader(JWSAlgorithm.HS256), Tokens.claims(List.of("t"), IN_AN_HOUR, Instant.now().plusSeconds(600)));
    refused(SubscriberAuth.Reason.INVALID, auth.check(early, List.of("t")));
  }

  @Test
  void aTokenWithoutExpGrantsWithoutEnd() throws Exception {
    assertEquals(new SubscriberAuth.Allowed(null),
        auth(SECRET, "", "").check(Tokens.hs256(SECRET, List.of("t"), null), List.of("t")));
  }

  @Test
  void aTopicsClaimThatIsMissingGrantsNothingAndAMalformedOneIsInvalid() throws Exception {
    SubscriberAuth auth = auth(SECRET, "", "");
    MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    refused(SubscriberAuth.Reason.FORBIDDEN, auth.check(Tokens.sign(signer, new JWSHeader(JWSAlgorithm.HS256),
        Tokens.claims(null, IN_AN_HOUR, null)), List.of("t")));
    refused(SubscriberAuth.Reason.INVALID, auth.check(Tokens.sign(signer, new JWSHeader(JWSAlgorithm.HS256),
        Tokens.claims(List.of("a*b"), IN_AN_HOUR, null)), List.of("t")));
  }

  @Test
  void rs256AndEs256FromAJwksWithSeveralKeysPickedByKid() throws Exception {
    RSAKey rsa = Tokens.rsaKey("rsa-2026");
    ECKey ec = Tokens.ecKey("ec-2026");
    RSAKey retired = Tokens.rsaKey("rsa-2025");
    Path jwks = dir.resolve("keys.json");
    // Private parts in the file are ignored: only the public keys are used.
    Files.writeString(jwks, new JWKSet(List.of(rsa, ec)).toString(false));
    SubscriberAuth auth = auth("", jwks.toString(), "");
    assertInstanceOf(SubscriberAuth.Allowed.class, auth.check(Tokens.rs256(rsa, List.of("t"), IN_AN_HOUR), List.of("t")));
    assertInstanceOf(SubscriberAuth.Allowed.class, auth.check(Tokens.es256(ec, List.of("t"), IN_AN_HOUR), List.of("t")));
    refused(SubscriberAuth.Reason.INVALID, auth.check(Tokens.rs256(retired, List.of("t"), IN_AN_HOUR), List.of("t")));
    // A token signed by a key not in the set but claiming a listed kid fails its signature.
    RSAKey impostor = Tokens.rsaKey("rsa-2026");
    refused(SubscriberAuth.Reason.INVALID, auth.check(Tokens.rs256(impostor, List.of("t"), IN_AN_HOUR), List.of("t")));
  }

  @Test
  void pemPublicKeysServeTokensWithAnyKid() throws Exception {
    RSAKey rsa = Tokens.rsaKey("whatever");
    ECKey ec = Tokens.ecKey("other");
    Path pem = dir.resolve("keys.pem");
    Files.writeString(pem, pem(rsa.toPublicKey().getEncoded()) + "\n" + pem(ec.toPublicKey().getEncoded()));
    SubscriberAuth auth = auth("", pem.toString(), "");
    assertInstanceOf(SubscriberAuth.Allowed.class, auth.check(Tokens.rs256(rsa, List.of("t"), IN_AN_HOUR), List.of("t")));
    assertInstanceOf(SubscriberAuth.Allowed.class, auth.check(Tokens.es256(ec, List.of("t"), IN_AN_HOUR), List.of("t")));
    // An HS256 token "signed" with the RSA public key as its secret must not pass (algorithm confusion).
    MACSigner confused = new MACSigner(pem(rsa.toPublicKey().getEncoded()).getBytes(StandardCharsets.UTF_8));
    refused(SubscriberAuth.Reason.INVALID, auth.check(Tokens.sign(confused, new JWSHeader(JWSAlgorithm.HS256),
        Tokens.claims(List.of("t"), IN_AN_HOUR, null)), List.of("t")));
  }

  @Test
  void refusalsAreCountedByReason() {
    SubscriberAuth auth = auth(SECRET, "", "");
    auth.check(null, List.of("t"));
    auth.check("x.y.z", List.of("t"));
    String scrape = metrics.scrape();
    assertTrue(scrape.contains("rtd_frontend_subscribe_refused_total{dc=\"test\",reason=\"missing\"} 1.0"), scrape);
    assertTrue(scrape.contains("rtd_frontend_subscribe_refused_total{dc=\"test\",reason=\"invalid\"} 1.0"), scrape);
  }

  @Test
  void unusableSettingsStopStartUpWithTheKeyNamed() throws Exception {
    IllegalArgumentException shortSecret = assertThrows(IllegalArgumentException.class,
        () -> SubscribeSettings.of("too-short", "", TopicPatterns.NONE, Duration.ZERO));
    assertTrue(shortSecret.getMessage().contains("RTD_SUBSCRIBE_JWT_SECRET"), shortSecret.getMessage());
    assertTrue(shortSecret.getMessage().contains("at least 32 bytes"), shortSecret.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> auth("", dir.resolve("absent.pem").toString(), ""));
    assertTrue(missing.getMessage().contains("RTD_SUBSCRIBE_JWT_KEYS"), missing.getMessage());
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{\"keys\":[]}");
    assertThrows(IllegalArgumentException.class, () -> auth("", empty.toString(), ""));
    String shown = SubscribeSettings.of(SECRET, "", TopicPatterns.NONE, Duration.ZERO).toString();
    assertTrue(!shown.contains(SECRET) && shown.contains("oct"), shown);
  }

  @Test
  void theHeaderWinsOverTheQueryParameter() {
    assertEquals("h", SubscriberAuth.token("Bearer h", "q"));
    assertEquals("h", SubscriberAuth.token("bearer  h ", null));
    assertEquals("q", SubscriberAuth.token("Basic abc", "q"));
    assertNull(SubscriberAuth.token(null, null));
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }
}
