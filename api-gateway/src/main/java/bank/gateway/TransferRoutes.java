package bank.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /transfers routes. */
final class TransferRoutes {

  private final ServiceClient transfers;

  TransferRoutes(ServiceClient transfers) {
    this.transfers = transfers;
  }

  void create(RoutingContext context) {
    JsonObject body = Requests.body(context);
    JsonObject command = new JsonObject()
        .put("from", body.getValue("from"))
        .put("to", body.getValue("to"))
        .put("amount", body.getValue("amount"))
        .put("reference", body.getValue("reference"))
        .put("idempotencyKey", Requests.writeKey(context));
    transfers.request("create", command, context)
        .onComplete(reply -> Answers.movement(context, reply, "transfer", "/transfers/", true), context::fail);
  }

  void get(RoutingContext context) {
    transfers.request("get", new JsonObject().put("id", Requests.path(context, "id")), context)
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }
}
