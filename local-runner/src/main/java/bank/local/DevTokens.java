package bank.local;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;

/**
 * Signs the tokens of a local bank (./run, the benchmark) with vertx-auth-jwt, HS256 with the run's
 * secret, as the gateway that run starts verifies them: {@code sub}, {@code roles}, {@code iat} and
 * {@code exp}.
 */
public final class DevTokens {

  private final JWTAuth signer;

  public DevTokens(Vertx vertx, String secret) {
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  /** A token of {@code subject} with one role, valid for {@code validFor}. */
  public String sign(String subject, String role, Duration validFor) {
    return signer.generateToken(new JsonObject().put("sub", subject).put("roles", new JsonArray().add(role)),
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) validFor.toSeconds()));
  }
}
