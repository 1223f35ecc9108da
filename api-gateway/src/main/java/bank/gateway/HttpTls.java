package bank.gateway;

import bank.common.ConfigException;
import bank.common.Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HTTPS at the gateway: a PEM certificate (chain) and its PEM private key ({@code HTTP_TLS_CERT},
 * {@code HTTP_TLS_KEY}), both or neither. With them the gateway speaks only HTTPS, and tells browsers
 * so (HSTS: vertx-web's handler sends {@code Strict-Transport-Security} on TLS connections only).
 * Without them it speaks plain HTTP, for a TLS-terminating proxy in front or for a machine's loopback.
 */
record HttpTls(Path certificate, Path key) {

  static final String CERT = "HTTP_TLS_CERT";
  static final String KEY = "HTTP_TLS_KEY";

  /** The setting, or null when neither variable is set. */
  static HttpTls from(JsonObject settings) {
    String certificate = Settings.string(settings, CERT, "");
    String key = Settings.string(settings, KEY, "");
    if (certificate.isBlank() && key.isBlank()) {
      return null;
    }
    if (certificate.isBlank() || key.isBlank()) {
      throw new ConfigException(CERT + " and " + KEY + " go together: set both (PEM files) or neither");
    }
    return new HttpTls(readable(CERT, certificate), readable(KEY, key));
  }

  /** The server's options with this certificate and key. */
  HttpServerOptions applyTo(HttpServerOptions options) {
    return options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString()));
  }

  private static Path readable(String setting, String value) {
    Path path = Path.of(value);
    if (!Files.isReadable(path)) {
      throw new ConfigException(setting + " must name a readable PEM file, got '" + value + "'");
    }
    return path;
  }
}
