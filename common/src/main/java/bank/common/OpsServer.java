package bank.common;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * A node's operations port ({@link OpsConfig}): {@code /metrics} in Prometheus text format,
 * {@code /health} (the node answers) and {@code /health/ready} (vertx-health-check: every
 * registered check is up). The verticle instances of a node all listen on it; Vert.x shares the
 * port between them.
 */
public final class OpsServer {

  private OpsServer() {
  }

  /**
   * UP while this node is a member of its cluster, with the number of members (of every bank that
   * shares the cluster) and this node's bank. (Hazelcast's own
   * ClusterHealthCheck asks whether partitions are safe, which is false for seconds after any node
   * leaves: the survivors would all look unready exactly when they are needed.)
   */
  public static Status clusterMembership(Vertx vertx) {
    ClusterManager cluster = ((VertxInternal) vertx).clusterManager();
    if (cluster == null) {
      return Status.KO(new JsonObject().put("error", "not clustered"));
    }
    JsonObject data = new JsonObject().put("node", cluster.getNodeId()).put("members", cluster.getNodes().size())
        .put("bank", BankIdentity.of(vertx));
    return cluster.isActive() && cluster.getNodes().contains(cluster.getNodeId()) ? Status.OK(data) : Status.KO(data);
  }

  /** Serves the port when it is configured; a succeeded future with null otherwise. */
  public static Future<HttpServer> start(Vertx vertx, OpsConfig config, HealthChecks readiness) {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    Router router = Router.router(vertx);
    router.route().handler(new LowercaseHeaders());
    router.get("/metrics").handler(scraping(vertx));
    router.get("/health").handler(context -> context.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    return listen(vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router), "METRICS_PORT", config.port(), "METRICS_HOST", config.host());
  }

  /**
   * Listens; a port that cannot be had (taken, or an address not of this machine) is a
   * {@link ConfigException} naming the settings and their values, so that the node says so in one
   * line and exits instead of printing a stack trace.
   */
  public static Future<HttpServer> listen(HttpServer server, String portSetting, int port, String hostSetting, String host) {
    return server.listen().recover(failure -> Future.failedFuture(failure instanceof java.net.BindException
        || failure.getCause() instanceof java.net.BindException
        ? new ConfigException(portSetting + " " + port + " on " + hostSetting + " " + host + " cannot be used: "
            + failure.getMessage())
        : failure));
  }

  /** {@code /metrics} of this node; empty when the node runs without metrics (a unit test's Vert.x). */
  public static Handler<RoutingContext> scraping(Vertx vertx) {
    PrometheusMeterRegistry registry = NodeMetrics.prometheus(vertx);
    if (registry == null) {
      return context -> context.response().putHeader("Content-Type", "text/plain; version=0.0.4").end();
    }
    return PrometheusScrapingHandler.create(registry);
  }
}
