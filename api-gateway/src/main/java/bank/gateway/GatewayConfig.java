package bank.gateway;

import bank.common.Settings;
import io.vertx.core.json.JsonObject;

/** The gateway's settings: where it listens, how long it waits for a service, how it checks tokens. */
public record GatewayConfig(String httpHost, int httpPort, long requestTimeoutMs, AuthConfig auth) {

  public static GatewayConfig from(JsonObject settings) {
    String host = Settings.string(settings, "HTTP_HOST", "0.0.0.0");
    int port = Settings.integer(settings, "HTTP_PORT", 8080, 0, 65_535);
    int timeout = Settings.integer(settings, "REQUEST_TIMEOUT_MS", 10_000, 100, 600_000);
    return new GatewayConfig(host, port, timeout, AuthConfig.from(settings));
  }
}
