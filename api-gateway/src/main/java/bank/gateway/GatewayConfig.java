package bank.gateway;

import bank.common.Settings;
import io.vertx.core.json.JsonObject;

/** The gateway's settings: where it listens and how long it waits for a service. */
public record GatewayConfig(String httpHost, int httpPort, long requestTimeoutMs) {

  public static GatewayConfig from(JsonObject settings) {
    return new GatewayConfig(
        Settings.string(settings, "HTTP_HOST", "0.0.0.0"),
        Settings.integer(settings, "HTTP_PORT", 8080, 0, 65_535),
        Settings.integer(settings, "REQUEST_TIMEOUT_MS", 10_000, 100, 600_000));
  }
}
