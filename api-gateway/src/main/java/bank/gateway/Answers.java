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
    ok(context, reply.body());
  }

  static void ok(RoutingContext context, JsonObject body) {
    json(context, 200, body);
  }

  static void created(RoutingContext context, Message<JsonObject> reply, String location) {
    created(context, reply.body(), location);
  }

  static void created(RoutingContext context, JsonObject body, String location) {
    if (location != null) {
      context.response().putHeader("Location", location);
    }
    json(context, 201, body);
  }

  /** 202: {@code body}, the state of work that goes on in the background, followed at {@code location}. */
  static void accepted(RoutingContext context, JsonObject body, String location) {
    context.response().putHeader("Location", location);
    json(context, 202, body);
  }

  /**
   * The outcome of a money movement: 201 with the movement, or 422 when the service recorded it
   * as rejected. A replay of an earlier outcome of the client's key says so in {@code Idempotency-Replayed}.
   */
  static void movement(RoutingContext context, Message<JsonObject> reply, String operation, String locationPrefix,
      boolean rejectionHasId) {
    movement(context, reply.body(), "true".equals(reply.headers().get(Wire.REPLAYED)), operation, locationPrefix,
        rejectionHasId);
  }

  static void movement(RoutingContext context, JsonObject outcome, boolean replayed, String operation,
      String locationPrefix, boolean rejectionHasId) {
    // A replay of a key the gateway made (a retry of its own) is the client's first answer, not a replay.
    if (replayed && Requests.idempotencyKey(context) != null) {
      context.response().putHeader(REPLAYED_HEADER, "true");
      GatewayMetrics.replayed(context.vertx(), operation);
    }
    if ("REJECTED".equals(outcome.getString("status"))) {
      Problems.rejected(context, outcome, rejectionHasId ? outcome.getString("id") : null);
      return;
    }
    created(context, outcome, locationPrefix == null ? null : locationPrefix + outcome.getString("id"));
  }

  private static void json(RoutingContext context, int status, JsonObject body) {
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
