package bank.gateway;

import bank.common.OpsServer;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
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

  HealthRoutes(Vertx vertx, List<ServiceClient> services) {
    checks = HealthChecks.create(vertx);
    for (ServiceClient service : services) {
      checks.register(service.service(), CHECK_TIMEOUT_MS, promise -> check(service, promise));
    }
    checks.register("cluster", promise -> promise.complete(OpsServer.clusterMembership(vertx)));
    readiness = HealthCheckHandler.createWithHealthChecks(checks);
  }

  /** The same checks, for the node's operations port. */
  HealthChecks checks() {
    return checks;
  }

  private static void check(ServiceClient service, Promise<Status> promise) {
    int instances = service.instances();
    CircuitBreakerState breaker = service.state();
    JsonObject data = new JsonObject()
        .put("instances", instances)
        .put("breaker", breaker.name())
        .put("nodes", service.nodes());
    Future<JsonObject> health = instances == 0
        ? Future.succeededFuture(new JsonObject().put("database", "UNKNOWN"))
        : service.health(DATABASE_TIMEOUT_MS).map(reply -> reply.body()).otherwise(new JsonObject().put("database", "DOWN"));
    health.onComplete(answered -> {
      // The service's own report: its database, and what else it checks (the account service: the books).
      data.mergeIn(answered.result());
      boolean ready = instances > 0 && breaker != CircuitBreakerState.OPEN && "UP".equals(data.getString("database"));
      promise.complete(ready ? Status.OK(data) : Status.KO(data));
    });
  }

  void live(RoutingContext context) {
    context.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("status", "UP").encode());
  }

  void ready(RoutingContext context) {
    readiness.handle(context);
  }
}
