package bank.gateway;

import bank.common.ConfigException;
import bank.common.OpsConfig;
import bank.common.ServiceCaller;
import bank.common.Settings;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The gateway's settings: where it listens, how long a request may take in all (its deadline) and an
 * attempt at one service instance before a twin attempt goes to another, how many requests it works
 * on at once at most before it sheds the excess and the latency its adaptive bound keeps them to, how
 * it checks tokens, whether it speaks HTTPS ({@link HttpTls}),
 * which browser origins may call it (none by default), and how many requests per second a caller may make.
 */
public record GatewayConfig(String httpHost, int httpPort, long requestTimeoutMs, long attemptTimeoutMs,
    int maxInFlight, long targetLatencyMs, AuthConfig auth, List<String> corsAllowedOrigins, int rateLimitPerSecond,
    OpsConfig ops, HttpTls tls) {

  private static final int DEFAULT_RATE_LIMIT = 1_000;
  private static final int DEFAULT_MAX_IN_FLIGHT = 128;
  private static final int DEFAULT_TARGET_LATENCY_MS = 150;

  public GatewayConfig(String httpHost, int httpPort, long requestTimeoutMs, AuthConfig auth) {
    this(httpHost, httpPort, requestTimeoutMs, auth, List.of(), DEFAULT_RATE_LIMIT);
  }

  public GatewayConfig(String httpHost, int httpPort, long requestTimeoutMs, AuthConfig auth,
      List<String> corsAllowedOrigins, int rateLimitPerSecond) {
    this(httpHost, httpPort, requestTimeoutMs, ServiceCaller.ATTEMPT_MS, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TARGET_LATENCY_MS,
        auth, corsAllowedOrigins, rateLimitPerSecond, OpsConfig.OFF, null);
  }

  /** The same, serving HTTPS with {@code tls}. */
  GatewayConfig withTls(HttpTls tls) {
    return new GatewayConfig(httpHost, httpPort, requestTimeoutMs, attemptTimeoutMs, maxInFlight, targetLatencyMs, auth,
        corsAllowedOrigins, rateLimitPerSecond, ops, tls);
  }

  public static GatewayConfig from(JsonObject settings) {
    String host = Settings.string(settings, "HTTP_HOST", "0.0.0.0");
    int port = Settings.integer(settings, "HTTP_PORT", 8080, 0, 65_535);
    int timeout = Settings.integer(settings, "REQUEST_TIMEOUT_MS", 10_000, 100, 600_000);
    int attempt = Settings.integer(settings, "ATTEMPT_TIMEOUT_MS", (int) ServiceCaller.ATTEMPT_MS, 50, 600_000);
    int maxInFlight = Settings.integer(settings, "HTTP_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, 1, 1_000_000);
    int targetLatency = Settings.integer(settings, "HTTP_TARGET_LATENCY_MS", DEFAULT_TARGET_LATENCY_MS, 1, 600_000);
    List<String> origins = Arrays.stream(Settings.string(settings, "CORS_ALLOWED_ORIGINS", "").split(","))
        .map(String::trim)
        .filter(origin -> !origin.isEmpty())
        .toList();
    for (String origin : origins) {
      if (!origin.matches("https?://[^/\\s*]+")) {
        throw new ConfigException("CORS_ALLOWED_ORIGINS lists origins such as https://app.example.com, got '" + origin + "'");
      }
    }
    int rateLimit = Settings.integer(settings, "RATE_LIMIT_PER_SECOND", DEFAULT_RATE_LIMIT, 1, 1_000_000);
    return new GatewayConfig(host, port, timeout, attempt, maxInFlight, targetLatency, AuthConfig.from(settings), origins,
        rateLimit, OpsConfig.from(settings), HttpTls.from(settings));
  }
}
