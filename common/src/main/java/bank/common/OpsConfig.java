package bank.common;

import io.vertx.core.json.JsonObject;

/**
 * The node's operations port ({@code METRICS_PORT}, off when unset; 0 picks a free port) and the
 * address it binds ({@code METRICS_HOST}, default loopback). It serves {@code /metrics},
 * {@code /health} and {@code /health/ready} without authentication, so it is reachable only from
 * the node's own machine unless the operator opens it (for example {@code METRICS_HOST=0.0.0.0} on
 * the operators' network, for a Prometheus on another machine).
 */
public record OpsConfig(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final OpsConfig OFF = new OpsConfig(DEFAULT_HOST, -1);

  public static OpsConfig from(JsonObject settings) {
    int port = Settings.integer(settings, "METRICS_PORT", -1, 0, 65_535);
    return new OpsConfig(Settings.string(settings, "METRICS_HOST", DEFAULT_HOST), port);
  }

  public boolean enabled() {
    return port >= 0;
  }
}
