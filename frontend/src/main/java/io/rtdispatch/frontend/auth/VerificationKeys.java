package io.rtdispatch.frontend.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys subscribe tokens are verified with, and the nimbus {@link JWSKeySelector} that picks
 * them for a token: the HS256 secret as an {@code oct} key, and the RSA / EC P-256 public keys
 * of {@code rtd.frontend.subscribe.jwt-keys}: a JWKS document ({@code {"keys":[…]}}, RFC 7517;
 * private parts and symmetric keys in it are ignored) or PEM blocks ({@code PUBLIC KEY}, the
 * X.509 SubjectPublicKeyInfo that {@code openssl pkey -pubout} writes, or {@code CERTIFICATE}).
 *
 * <p>Only HS256, RS256 and ES256 are accepted, each only with its own kind of key, so a token
 * can never make an RSA public key serve as an HMAC secret. A token's {@code kid} must equal the
 * key's when both have one; a key without {@code kid} (a PEM key) serves tokens with any.
 */
public final class VerificationKeys implements JWSKeySelector<SecurityContext> {

  /** RFC 7518, 3.2: an HS256 key must be at least as long as the hash output, 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.HS256, JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private final List<JWK> keys;

  private VerificationKeys(List<JWK> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * The secret's and the key file's keys (none when both are "").
   *
   * @param secret the HS256 secret ({@code rtd.frontend.subscribe.jwt-secret}), its UTF-8 bytes the key
   * @param keyFile path of a JWKS or PEM file ({@code rtd.frontend.subscribe.jwt-keys})
   * @throws IllegalArgumentException for a secret under {@value #MIN_SECRET_BYTES} bytes, or when the key file
   *     cannot be read, is neither JWKS nor PEM, or holds no RSA or EC key
   */
  static VerificationKeys load(String secret, String keyFile) {
    List<JWK> keys = new ArrayList<>();
    if (!secret.isEmpty()) {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("rtd.frontend.subscribe.jwt-secret (RTD_SUBSCRIBE_JWT_SECRET) must be at "
            + "least " + MIN_SECRET_BYTES + " bytes for HS256 (RFC 7518 section 3.2), got " + bytes.length
            + "; generate one with: openssl rand -base64 48");
      }
      keys.add(new OctetSequenceKey.Builder(bytes).build());
    }
    if (!keyFile.isEmpty()) {
      keys.addAll(fromFile(Path.of(keyFile)));
    }
    return new VerificationKeys(keys);
  }

  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** For the start-up line: each key's type and id; never a key's bytes. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (JWK key : keys) {
      parts.add(key.getKeyType() + (key.getKeyID() == null ? "" : " kid=" + key.getKeyID()));
    }
    return parts.isEmpty() ? "no keys" : String.join(", ", parts);
  }

  @Override
  public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      return List.of();
    }
    // Type, curve and use as the header's algorithm needs; the kid is compared below.
    JWKMatcher kind = JWKMatcher.forJWSHeader(new JWSHeader(header.getAlgorithm()));
    List<JWK> matching = new ArrayList<>();
    for (JWK key : keys) {
      boolean sameId = key.getKeyID() == null || header.getKeyID() == null
          || Objects.equals(key.getKeyID(), header.getKeyID());
      if (sameId && kind.matches(key)) {
        matching.add(key);
      }
    }
    return KeyConverter.toJavaKeys(matching);
  }

  private static List<JWK> fromFile(Path path) {
    String what = "rtd.frontend.subscribe.jwt-keys (RTD_SUBSCRIBE_JWT_KEYS) file " + path;
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " cannot be read: " + e.getClass().getSimpleName());
    }
    List<JWK> keys = new ArrayList<>();
    try {
      if (text.strip().startsWith("{")) {
        JWKSet.parse(text).toPublicJWKSet().getKeys().stream()
            .filter(key -> key instanceof RSAKey || key instanceof ECKey).forEach(keys::add);
      } else {
        Matcher block = PEM.matcher(text);
        while (block.find()) {
          keys.add(fromPem(block.group(1), Base64.getMimeDecoder().decode(block.group(2))));
        }
      }
    } catch (ParseException | JOSEException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is neither a JWKS document nor PEM public keys: " + e.getMessage());
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(what + " holds no RSA or EC public key (expected a JWKS document "
          + "{\"keys\":[...]} or PEM '-----BEGIN PUBLIC KEY-----' blocks)");
    }
    return keys;
  }

  private static JWK fromPem(String type, byte[] der) throws GeneralSecurityException, JOSEException {
    if (type.equals("CERTIFICATE")) {
      return JWK.parse((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der)));
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException notRsa) {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    }
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    ECPublicKey ec = (ECPublicKey) key;
    if (Curve.forECParameterSpec(ec.getParams()) == null) {
      throw new IllegalArgumentException("EC keys must be on a named curve such as P-256");
    }
    return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
  }
}
