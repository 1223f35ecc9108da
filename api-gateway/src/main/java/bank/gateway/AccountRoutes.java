package bank.gateway;

import bank.contracts.CallContext;
import bank.contracts.PageRequest;
import bank.contracts.UnknownAction;
import bank.contracts.account.AccountOpening;
import bank.contracts.account.AccountService;
import bank.contracts.account.MovementOrder;
import bank.contracts.account.MovementOutcome;
import bank.contracts.account.Reconciliation;
import bank.contracts.transfer.TransferService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /accounts routes: each turns a validated request into one or two service calls. */
final class AccountRoutes {

  private final ServiceClient<AccountService> accounts;
  private final ServiceClient<TransferService> transfers;

  AccountRoutes(ServiceClient<AccountService> accounts, ServiceClient<TransferService> transfers) {
    this.accounts = accounts;
    this.transfers = transfers;
  }

  void open(RoutingContext context) {
    JsonObject body = Requests.body(context);
    AccountOpening opening = AccountOpening.of(body.getValue("owner"), body.getValue("currency"),
        Requests.writeKey(context));
    accounts.call(context, (service, call) -> service.open(call, opening))
        .onComplete(opened -> Answers.created(context, opened.account().toJson(), "/accounts/" + opened.account().id()),
            context::fail);
  }

  void get(RoutingContext context) {
    accounts.call(context, (service, call) -> service.get(call, Requests.path(context, "id")))
        .onComplete(account -> Answers.ok(context, account.toJson()), context::fail);
  }

  void list(RoutingContext context) {
    PageRequest page = new PageRequest(Requests.query(context, "limit", "after"));
    accounts.call(context, (service, call) -> service.list(call, page))
        .onComplete(listed -> Answers.ok(context, listed.toJson()), context::fail);
  }

  void deposit(RoutingContext context) {
    move(context, "deposit", AccountService::deposit);
  }

  void withdraw(RoutingContext context) {
    move(context, "withdraw", AccountService::withdraw);
  }

  /** The account must exist (404 otherwise); then its transfers, from the transfer service. */
  void transfers(RoutingContext context) {
    String id = Requests.path(context, "id");
    PageRequest page = new PageRequest(Requests.query(context, "limit", "after"));
    accounts.call(context, (service, call) -> service.get(call, id))
        .compose(found -> transfers.call(context, (service, call) -> service.listByAccount(call, id, page)))
        .onComplete(listed -> Answers.ok(context, listed.toJson()), context::fail);
  }

  /** Every balance against its ledger entries, and each currency's balances against its deposits and withdrawals. */
  void reconcile(RoutingContext context) {
    accounts.callPatiently(context, AccountService::reconcile)
        .onComplete(report -> Answers.ok(context, report.toJson()), context::fail);
  }

  /**
   * As {@link #reconcile}, every entry summed again; an instance of 0.2.0 has no reconcileAll, but its
   * reconcile does that (its report says neither full nor entriesSummed: full is added).
   */
  void reconcileAll(RoutingContext context) {
    accounts.callPatiently(context, (service, call) -> service.reconcileAll(call)
            .recover(failure -> UnknownAction.is(failure)
                ? service.reconcile(call).map(report -> new Reconciliation(report.toJson().put("full", true)))
                : Future.failedFuture(failure)))
        .onComplete(report -> Answers.ok(context, report.toJson()), context::fail);
  }

  private void move(RoutingContext context, String operation, MovementCall movement) {
    MovementOrder order = MovementOrder.of(Requests.path(context, "id"), Requests.body(context).getValue("amount"),
        Requests.writeKey(context));
    accounts.call(context, (service, call) -> movement.apply(service, call, order))
        .onComplete(moved -> Answers.movement(context, moved.movement().toJson(), moved.replayed(), operation, null,
            false), context::fail);
  }

  /** A deposit or a withdrawal. */
  @FunctionalInterface
  private interface MovementCall {
    Future<MovementOutcome> apply(AccountService service, CallContext call, MovementOrder order);
  }
}
