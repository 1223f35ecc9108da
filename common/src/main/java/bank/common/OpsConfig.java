package bank.common;

import io.vertx.core.json.JsonObject;

/**
 * The node's operations port ({@code METRICS_PORT}, off when unset; 0 picks a free port) and the
 * address it binds ({@code METRICS_HOST}, default every interface, so that Prometheus can scrape
 * it from another machine). It serves {@code /metrics}, {@code /health} and {@code /health/ready}
 * without authentication: keep it on the operators' network.
 */
public record OpsConfig(String host, int port) {

  public static final OpsConfig OFF = new OpsConfig("0.0.0.0", -1);

  public static OpsConfig from(JsonObject settings) {
    int port = Settings.integer(settings, "METRICS_PORT", -1, 0, 65_535);
    return new OpsConfig(Settings.string(settings, "METRICS_HOST", "0.0.0.0"), port);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
