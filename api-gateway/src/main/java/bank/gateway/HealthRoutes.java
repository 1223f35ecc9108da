package bank.gateway;

import bank.common.OpsServer;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;

/**
 * Liveness (the gateway answers) and readiness: each downstream service has a live instance whose
 * breaker is not open, and that instance reaches its database.
 */
final class HealthRoutes {

  private static final long CHECK_TIMEOUT_MS = 2_000;
  private static final long DATABASE_TIMEOUT_MS = 1_500;

  private final HealthChecks checks;
  private final HealthCheckHandler readiness;

  HealthRoutes(Vertx vertx, List<ServiceClient<?>> services) {
    checks = HealthChecks.create(vertx);
    for (ServiceClient<?> service : services) {
      checks.register(service.service(), CHECK_TIMEOUT_MS, promise -> check(service, promise));
    }
    checks.register("cluster", promise -> promise.complete(OpsServer.clusterMembership(vertx)));
    readiness = HealthCheckHandler.createWithHealthChecks(checks);
  }

  /** The same checks, for the node's operations port. */
  HealthChecks checks() {
    return checks;
  }

  /**
   * Asks every live instance for its own report (its database, and what else it checks: the account
   * service, its books), shown per node. The service is ready when an instance whose breaker is not
   * open reaches its database. The service-wide fields are those of the report checked last (the
   * account nodes reconcile the same books, each on its own schedule: the latest run is the news),
   * so that two nodes do not make readiness flip from one request to the next.
   */
  private static void check(ServiceClient<?> service, Promise<Status> promise) {
    List<String> addresses = service.addresses();
    CircuitBreakerState breaker = service.state();
    JsonArray nodes = service.nodes(addresses);
    JsonObject data = new JsonObject()
        .put("instances", addresses.size())
        .put("breaker", breaker.name())
        .put("nodes", nodes);
    List<Future<JsonObject>> reports = addresses.stream()
        .map(address -> service.healthOf(address, DATABASE_TIMEOUT_MS)
            .otherwise(new JsonObject().put("database", "DOWN")))
        .toList();
    Future.join(reports).onComplete(answered -> {
      JsonObject latest = new JsonObject().put("database", addresses.isEmpty() ? "UNKNOWN" : "DOWN");
      boolean ready = false;
      for (int i = 0; i < reports.size(); i++) {
        JsonObject report = reports.get(i).result();
        JsonObject node = nodes.getJsonObject(i);
        node.mergeIn(report);
        boolean up = "UP".equals(report.getString("database"));
        ready |= up && !CircuitBreakerState.OPEN.name().equals(node.getString("breaker"));
        if (up && (!"UP".equals(latest.getString("database")) || checkedLater(report, latest))) {
          latest = report;
        }
      }
      data.mergeIn(latest.copy());
      promise.complete(ready && breaker != CircuitBreakerState.OPEN ? Status.OK(data) : Status.KO(data));
    });
  }

  private static boolean checkedLater(JsonObject report, JsonObject than) {
    String at = report.getString("checkedAt");
    String other = than.getString("checkedAt");
    return at != null && (other == null || at.compareTo(other) > 0);
  }

  void live(RoutingContext context) {
    context.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("status", "UP").encode());
  }

  void ready(RoutingContext context) {
    readiness.handle(context);
  }
}
