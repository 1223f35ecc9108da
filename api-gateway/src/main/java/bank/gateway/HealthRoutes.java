package bank.gateway;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;

/** Liveness (the gateway answers) and readiness (each downstream service has an instance and a closed breaker). */
final class HealthRoutes {

  private final HealthCheckHandler readiness;

  HealthRoutes(Vertx vertx, List<ServiceClient> services) {
    HealthChecks checks = HealthChecks.create(vertx);
    for (ServiceClient service : services) {
      checks.register(service.service(), promise -> {
        JsonObject data = new JsonObject()
            .put("instances", service.instances())
            .put("breaker", service.state().name());
        boolean ready = service.instances() > 0 && service.state() != CircuitBreakerState.OPEN;
        promise.complete(ready ? Status.OK(data) : Status.KO(data));
      });
    }
    readiness = HealthCheckHandler.createWithHealthChecks(checks);
  }

  void live(RoutingContext context) {
    context.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("status", "UP").encode());
  }

  void ready(RoutingContext context) {
    readiness.handle(context);
  }
}
