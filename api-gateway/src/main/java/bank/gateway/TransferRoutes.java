package bank.gateway;

import bank.contracts.transfer.TransferOrder;
import bank.contracts.transfer.TransferService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /transfers routes. */
final class TransferRoutes {

  private final ServiceClient<TransferService> transfers;

  TransferRoutes(ServiceClient<TransferService> transfers) {
    this.transfers = transfers;
  }

  void create(RoutingContext context) {
    JsonObject body = Requests.body(context);
    TransferOrder order = TransferOrder.of(body.getValue("from"), body.getValue("to"), body.getValue("amount"),
        body.getValue("reference"), Requests.writeKey(context));
    transfers.call(context, (service, call) -> service.create(call, order))
        .onComplete(outcome -> Answers.movement(context, outcome.transfer().toJson(), outcome.replayed(), "transfer",
            "/transfers/", true), context::fail);
  }

  void get(RoutingContext context) {
    transfers.call(context, (service, call) -> service.get(call, Requests.path(context, "id")))
        .onComplete(transfer -> Answers.ok(context, transfer.toJson()), context::fail);
  }
}
