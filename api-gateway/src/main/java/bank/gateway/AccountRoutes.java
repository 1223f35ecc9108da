package bank.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /accounts routes: each turns a validated request into one or two service calls. */
final class AccountRoutes {

  private final ServiceClient accounts;
  private final ServiceClient transfers;

  AccountRoutes(ServiceClient accounts, ServiceClient transfers) {
    this.accounts = accounts;
    this.transfers = transfers;
  }

  void open(RoutingContext context) {
    JsonObject body = Requests.body(context);
    JsonObject command = new JsonObject().put("owner", body.getValue("owner")).put("currency", body.getValue("currency"))
        .put("idempotencyKey", Requests.writeKey(context));
    accounts.request("open", command, context)
        .onComplete(reply -> Answers.created(context, reply, "/accounts/" + reply.body().getString("id")), context::fail);
  }

  void get(RoutingContext context) {
    accounts.request("get", new JsonObject().put("id", Requests.path(context, "id")), context)
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }

  void list(RoutingContext context) {
    accounts.request("list", Requests.query(context, "limit", "after"), context)
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }

  void deposit(RoutingContext context) {
    move(context, "deposit");
  }

  void withdraw(RoutingContext context) {
    move(context, "withdraw");
  }

  /** The account must exist (404 otherwise); then its transfers, from the transfer service. */
  void transfers(RoutingContext context) {
    String id = Requests.path(context, "id");
    accounts.request("get", new JsonObject().put("id", id), context)
        .compose(found -> transfers.request("list-by-account",
            Requests.query(context, "limit", "after").put("accountId", id), context))
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }

  /** Every balance against its ledger entries, and each currency's balances against its deposits and withdrawals. */
  void reconcile(RoutingContext context) {
    accounts.request("reconcile", new JsonObject(), context).onComplete(reply -> Answers.ok(context, reply), context::fail);
  }

  private void move(RoutingContext context, String action) {
    JsonObject command = new JsonObject()
        .put("accountId", Requests.path(context, "id"))
        .put("amount", Requests.body(context).getValue("amount"))
        .put("idempotencyKey", Requests.writeKey(context));
    accounts.request(action, command, context)
        .onComplete(reply -> Answers.movement(context, reply, action, null, false), context::fail);
  }
}
