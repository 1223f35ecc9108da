package bank.gateway;

import bank.common.Wire;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes a service's reply as the HTTP answer. */
final class Answers {

  static final String REPLAYED_HEADER = "Idempotency-Replayed";

  private Answers() {
  }

  static void ok(RoutingContext context, Message<JsonObject> reply) {
    json(context, 200, reply.body());
  }

  static void created(RoutingContext context, Message<JsonObject> reply, String location) {
    if (location != null) {
      context.response().putHeader("Location", location);
    }
    json(context, 201, reply.body());
  }

  /**
   * The outcome of a money movement: 201 with the movement, or 422 when the service recorded it
   * as rejected. A replay of an earlier outcome of the client's key says so in {@code Idempotency-Replayed}.
   */
  static void movement(RoutingContext context, Message<JsonObject> reply, String operation, String locationPrefix,
      boolean rejectionHasId) {
    // A replay of a key the gateway made (a retry of its own) is the client's first answer, not a replay.
    if ("true".equals(reply.headers().get(Wire.REPLAYED)) && Requests.idempotencyKey(context) != null) {
      context.response().putHeader(REPLAYED_HEADER, "true");
      GatewayMetrics.replayed(context.vertx(), operation);
    }
    JsonObject outcome = reply.body();
    if ("REJECTED".equals(outcome.getString("status"))) {
      Problems.rejected(context, outcome, rejectionHasId ? outcome.getString("id") : null);
      return;
    }
    created(context, reply, locationPrefix == null ? null : locationPrefix + outcome.getString("id"));
  }

  private static void json(RoutingContext context, int status, JsonObject body) {
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
