package bank.gateway;

import bank.common.ConfigException;
import bank.common.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * How the gateway checks bearer tokens (CONTRACT section 4): an HS256 secret or an RS256/ES256
 * public key from the environment, the issuer and audience to require when set. Without a key the
 * gateway refuses to start, unless {@code AUTH=off} says on purpose that the API is open.
 */
public record AuthConfig(boolean enabled, String algorithm, String key, String issuer, String audience) {

  private static final int MIN_SECRET_BYTES = 32;

  public static final AuthConfig OFF = new AuthConfig(false, null, null, null, null);

  public static AuthConfig from(JsonObject settings) {
    String mode = Settings.string(settings, "AUTH", "on");
    if (mode.equalsIgnoreCase("off")) {
      return OFF;
    }
    if (!mode.equalsIgnoreCase("on")) {
      throw new ConfigException("AUTH must be 'on' or 'off', got '" + mode + "'");
    }
    String secret = Settings.string(settings, "AUTH_JWT_SECRET", null);
    String publicKey = Settings.string(settings, "AUTH_JWT_PUBLIC_KEY", null);
    String issuer = Settings.string(settings, "AUTH_JWT_ISSUER", null);
    String audience = Settings.string(settings, "AUTH_JWT_AUDIENCE", null);
    if (secret != null && publicKey != null) {
      throw new ConfigException("set AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY, not both");
    }
    if (secret != null) {
      if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
        throw new ConfigException("AUTH_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
      }
      return new AuthConfig(true, "HS256", secret, issuer, audience);
    }
    if (publicKey != null) {
      return new AuthConfig(true, algorithmOf(publicKey), publicKey, issuer, audience);
    }
    throw new ConfigException("AUTH_JWT_SECRET (HS256, 32 bytes or more) or AUTH_JWT_PUBLIC_KEY (RS256 or ES256,"
        + " PEM) must be set; AUTH=off opens the API to anyone on purpose");
  }

  /** RS256 for an RSA key, ES256 for an EC key; anything else is refused. */
  static String algorithmOf(String pem) {
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem
          .replace("-----BEGIN PUBLIC KEY-----", "")
          .replace("-----END PUBLIC KEY-----", "")
          .replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("AUTH_JWT_PUBLIC_KEY is not a PEM public key");
    }
    for (String[] kind : new String[][] {{"RSA", "RS256"}, {"EC", "ES256"}}) {
      try {
        KeyFactory.getInstance(kind[0]).generatePublic(new X509EncodedKeySpec(der));
        return kind[1];
      } catch (Exception notThisKind) {
        // try the next kind
      }
    }
    throw new ConfigException("AUTH_JWT_PUBLIC_KEY must be an RSA (RS256) or EC (ES256) public key in PEM");
  }

  /** Never shows the key: configurations end up in logs. */
  @Override
  public String toString() {
    return enabled ? "AuthConfig[" + algorithm + ", issuer " + issuer + ", audience " + audience + "]" : "AuthConfig[off]";
  }
}
