package bank.contracts.account;

import bank.common.ActionRouter;
import bank.common.Reply;
import bank.common.Wire;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.UnknownAction;
import bank.contracts.Version1;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Version 1 of the account service's contract, the flat messages of 0.1.0, in both directions, so
 * that 0.2.0 and 0.1.0 nodes work side by side during a rolling upgrade or a roll back. Its actions
 * are {@code open}, {@code get} ({@code id}), {@code list} ({@code after}, {@code limit}),
 * {@code deposit}, {@code withdraw}, {@code apply-transfer}, {@code reconcile} and {@code health};
 * the body is the request's JSON, the reply is the result's, a replayed outcome says so in the
 * {@code replayed} header, and the call's context travels in headers ({@link Wire}). Served for one
 * release: remove in 0.3.0.
 */
public final class AccountServiceV1 {

  private AccountServiceV1() {
  }

  /** Serves version 1's messages with {@code service}. */
  public static ActionRouter actions(AccountService service) {
    return new ActionRouter(AccountService.NAME)
        .on("open", command -> service.open(Version1.context(command), new AccountOpening(command.body()))
            .map(outcome -> reply(outcome.account().toJson(), outcome.replayed())))
        .on("get", command -> service.get(Version1.context(command), command.string("id")).map(found -> Reply.of(found.toJson())))
        .on("list", command -> service.list(Version1.context(command), new PageRequest(command.body()))
            .map(page -> Reply.of(page.toJson())))
        .on("deposit", command -> service.deposit(Version1.context(command), new MovementOrder(command.body()))
            .map(outcome -> reply(outcome.movement().toJson(), outcome.replayed())))
        .on("withdraw", command -> service.withdraw(Version1.context(command), new MovementOrder(command.body()))
            .map(outcome -> reply(outcome.movement().toJson(), outcome.replayed())))
        .on("apply-transfer", command -> service.applyTransfer(Version1.context(command), new TransferLegs(command.body()))
            .map(applied -> reply(applied.outcome(), applied.replayed())))
        // 0.1.0's reconcile summed every ledger entry.
        .on("reconcile", command -> service.reconcileAll(Version1.context(command)).map(report -> Reply.of(report.toJson())))
        .on("health", command -> service.health(Version1.context(command)).map(health -> Reply.of(health.toJson())));
  }

  private static Reply reply(JsonObject body, boolean replayed) {
    return replayed ? Reply.replayOf(body) : Reply.of(body);
  }

  /** The account service at {@code address} of an instance of 0.1.0, through its interface. */
  public static AccountService client(Vertx vertx, String address, DeliveryOptions options) {
    return new AccountService() {
      @Override
      public Future<AccountOutcome> open(CallContext context, AccountOpening opening) {
        return request("open", opening.toJson(), context)
            .map(reply -> new AccountOutcome(new Account(reply.body()), replayed(reply)));
      }

      @Override
      public Future<Account> get(CallContext context, String id) {
        return request("get", new JsonObject().put("id", id), context).map(reply -> new Account(reply.body()));
      }

      @Override
      public Future<AccountPage> list(CallContext context, PageRequest page) {
        return request("list", page.toJson(), context).map(reply -> new AccountPage(reply.body()));
      }

      @Override
      public Future<MovementOutcome> deposit(CallContext context, MovementOrder order) {
        return request("deposit", order.toJson(), context)
            .map(reply -> new MovementOutcome(new Movement(reply.body()), replayed(reply)));
      }

      @Override
      public Future<MovementOutcome> withdraw(CallContext context, MovementOrder order) {
        return request("withdraw", order.toJson(), context)
            .map(reply -> new MovementOutcome(new Movement(reply.body()), replayed(reply)));
      }

      @Override
      public Future<TransferApplied> applyTransfer(CallContext context, TransferLegs legs) {
        return request("apply-transfer", legs.toJson(), context).map(reply -> new TransferApplied(reply.body(), replayed(reply)));
      }

      /** Version 1 has no batch: failed as an instance of 0.2.0 fails it, so that the caller sends them one by one. */
      @Override
      public Future<TransfersApplied> applyTransfers(CallContext context, TransferBatch batch) {
        return Future.failedFuture(UnknownAction.of("applyTransfers"));
      }

      /** Version 1's reconcile sums every ledger entry: as {@code reconcileAll}. */
      @Override
      public Future<Reconciliation> reconcile(CallContext context) {
        return reconcileAll(context);
      }

      @Override
      public Future<Reconciliation> reconcileAll(CallContext context) {
        return request("reconcile", new JsonObject(), context).map(reply -> new Reconciliation(reply.body()));
      }

      @Override
      public Future<Health> health(CallContext context) {
        return request("health", new JsonObject(), context).map(reply -> new Health(reply.body()));
      }

      private Future<Message<JsonObject>> request(String action, JsonObject body, CallContext context) {
        return Version1.request(vertx, address, options, action, body, context);
      }
    };
  }

  private static boolean replayed(Message<JsonObject> reply) {
    return "true".equals(reply.headers().get(Wire.REPLAYED));
  }
}
