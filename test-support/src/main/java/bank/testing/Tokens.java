package bank.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON Web Tokens as a client or an attacker makes them: signed with HS256 or RS256, or not signed
 * at all. Written out by hand (it is a few lines) so that tests can forge what no library would
 * sign; the gateway verifies with vertx-auth-jwt.
 */
public final class Tokens {

  /** The HS256 secret of the tests' gateways: for tests only. */
  public static final String TEST_SECRET = "bank-tests-only-secret-never-use-it-elsewhere";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /** The claims of a caller: subject, roles, and an expiry an hour from now. */
  public static JsonObject claims(String subject, String... roles) {
    return new JsonObject()
        .put("sub", subject)
        .put("roles", new JsonArray(List.of((Object[]) roles)))
        .put("iat", Instant.now().getEpochSecond())
        .put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
  }

  /** An administrator's token for the tests' gateways. */
  public static String testAdmin() {
    return hs256(TEST_SECRET, claims("test-admin", "admin"));
  }

  public static String hs256(String secret, JsonObject claims) {
    return hs256(secret.getBytes(StandardCharsets.UTF_8), claims);
  }

  /** HS256 keyed with arbitrary bytes, e.g. an RSA public key: the algorithm-confusion attack. */
  public static String hs256(byte[] key, JsonObject claims) {
    String unsigned = unsignedPart("HS256", claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return unsigned + "." + BASE64URL.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(PrivateKey key, JsonObject claims) {
    String unsigned = unsignedPart("RS256", claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
      return unsigned + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}, no signature. */
  public static String unsigned(JsonObject claims) {
    return unsignedPart("none", claims) + ".";
  }

  private static String unsignedPart(String algorithm, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", algorithm).put("typ", "JWT");
    return BASE64URL.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + BASE64URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }
}
