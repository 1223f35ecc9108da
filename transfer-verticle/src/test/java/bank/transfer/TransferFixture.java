package bank.transfer;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.Ids;
import bank.contracts.CallContext;
import bank.contracts.PageRequest;
import bank.contracts.transfer.Transfer;
import bank.contracts.transfer.TransferOrder;
import bank.contracts.transfer.TransferOutcome;
import bank.contracts.transfer.TransferPage;
import bank.contracts.transfer.TransferService;
import bank.contracts.transfer.TransferServiceV1;
import bank.postgres.PostgresServer;
import bank.testing.ServiceCalls;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;

/** What the transfer-service tests share: a migrated database and the requests they send. */
final class TransferFixture {

  private static final long POLL_MS = 200;

  private TransferFixture() {
  }

  /** A fresh database with the transfer schema, so that a test class starts from nothing. Blocking. */
  static DatabaseConfig migratedDatabase() {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, TransferVerticle.SCHEMA);
    return database;
  }

  /** An account id no other test uses; the fake account service accepts any. */
  static String account() {
    return Ids.next("acc");
  }

  static Future<TransferOutcome> create(Vertx vertx, String from, String to, long amount, String key) {
    TransferOrder order = TransferOrder.of(from, to, amount, null, key);
    return call(vertx, (service, context) -> service.create(context, order));
  }

  /**
   * The request as a caller's attempt number {@code attempt} (see CallContext) with {@code budgetMs}
   * to answer: sent straight to the transfer service's one instance, as a caller that gave up on its
   * earlier attempt sends it.
   */
  static Future<TransferOutcome> createAttempt(Vertx vertx, String from, String to, long amount, String key,
      int attempt, long budgetMs) {
    TransferOrder order = TransferOrder.of(from, to, amount, null, key);
    return ServiceCalls.contractAddress(vertx, TransferService.NAME)
        .compose(address -> TransferService.proxy(vertx, address, new DeliveryOptions().setSendTimeout(budgetMs + 1_000))
            .create(CallContext.internal("test").forAttempt(attempt, budgetMs), order));
  }

  /** Completes once the account service was asked for a transfer from {@code from}. */
  static Future<Void> awaitApplies(Vertx vertx, FakeAccountService accounts, String from) {
    Promise<Void> asked = Promise.promise();
    long timer = vertx.setPeriodic(50, tick -> {
      if (accounts.askedFrom(from)) {
        asked.tryComplete();
      }
    });
    return asked.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  static Future<JsonObject> get(Vertx vertx, String id) {
    return call(vertx, (service, context) -> service.get(context, id)).map(Transfer::toJson);
  }

  static Future<JsonObject> list(Vertx vertx, String account, String after, int limit) {
    PageRequest page = new PageRequest(new JsonObject().put("after", after).put("limit", limit));
    return call(vertx, (service, context) -> service.listByAccount(context, account, page)).map(TransferPage::toJson);
  }

  /** Reads the transfer every few hundred milliseconds until it has {@code status}. */
  static Future<JsonObject> awaitStatus(Vertx vertx, String id, String status) {
    Promise<JsonObject> reached = Promise.promise();
    long timer = vertx.setPeriodic(POLL_MS, tick -> get(vertx, id).onSuccess(found -> {
      if (status.equals(found.getString("status"))) {
        reached.tryComplete(found);
      }
    }));
    return reached.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  static <T> Future<T> call(Vertx vertx, BiFunction<TransferService, CallContext, Future<T>> method) {
    return ServiceCalls.call(vertx, TransferService.NAME, TransferService::proxy, TransferServiceV1::client, method);
  }

  /** The failure code a service answered with, or -1 when the failure did not come from a reply. */
  static int failureCode(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureCode() : -1;
  }
}
