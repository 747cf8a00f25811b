package io.rtdispatch.frontend.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Mints subscribe tokens for tests the way a backend would, with nimbus; keys are generated here. */
public final class Tokens {

  private Tokens() {}

  public static RSAKey rsaKey(String kid) throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  public static ECKey ecKey(String kid) throws JOSEException {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  /** An HS256 token for {@code topics}, expiring at {@code exp} (null: no exp). */
  public static String hs256(String secret, List<String> topics, Instant exp) throws JOSEException {
    return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), new JWSHeader(JWSAlgorithm.HS256),
        claims(topics, exp, null));
  }

  public static String rs256(RSAKey key, List<String> topics, Instant exp) throws JOSEException {
    return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        claims(topics, exp, null));
  }

  public static String es256(ECKey key, List<String> topics, Instant exp) throws JOSEException {
    return sign(new ECDSASigner(key), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
        claims(topics, exp, null));
  }

  public static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  /** {@code sub}, {@code topics} (omitted when null), {@code exp} and {@code nbf} when given. */
  public static JWTClaimsSet claims(List<String> topics, Instant exp, Instant nbf) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("member-7");
    if (topics != null) {
      claims.claim("topics", topics);
    }
    if (exp != null) {
      claims.expirationTime(Date.from(exp));
    }
    if (nbf != null) {
      claims.notBeforeTime(Date.from(nbf));
    }
    return claims.build();
  }
}
