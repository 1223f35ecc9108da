package bank.transfer;

import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.Ids;
import bank.common.ServiceDirectory;
import bank.common.Wire;
import bank.postgres.PostgresServer;
import bank.testing.ServiceRequests;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

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

  static Future<Message<JsonObject>> create(Vertx vertx, String from, String to, long amount, String key) {
    return send(vertx, "create", new JsonObject().put("from", from).put("to", to).put("amount", amount)
        .put("idempotencyKey", key));
  }

  /**
   * The request as a caller's attempt number {@code attempt} (see Wire.ATTEMPT) with {@code budgetMs}
   * to answer: sent straight to the transfer service's one instance, as a caller that gave up on its
   * earlier attempt sends it.
   */
  static Future<Message<JsonObject>> createAttempt(Vertx vertx, String from, String to, long amount, String key,
      int attempt, long budgetMs) {
    ServiceDirectory directory = new ServiceDirectory(vertx);
    JsonObject body = new JsonObject().put("from", from).put("to", to).put("amount", amount).put("idempotencyKey", key);
    return directory.start()
        .compose(ready -> vertx.eventBus().<JsonObject>request(directory.live(TransferVerticle.SERVICE_NAME).get(0), body,
            Wire.request("create", "test").addHeader(Wire.ATTEMPT, String.valueOf(attempt))
                .addHeader(Wire.BUDGET, String.valueOf(budgetMs)).setSendTimeout(budgetMs + 1_000)))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
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
    return send(vertx, "get", new JsonObject().put("id", id)).map(Message::body);
  }

  static Future<JsonObject> list(Vertx vertx, String account, String after, int limit) {
    return send(vertx, "list-by-account", new JsonObject().put("accountId", account).put("after", after)
        .put("limit", limit)).map(Message::body);
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

  static Future<Message<JsonObject>> send(Vertx vertx, String action, JsonObject body) {
    return ServiceRequests.request(vertx, TransferVerticle.SERVICE_NAME, action, body);
  }

  /** The failure code a service answered with, or -1 when the failure did not come from a reply. */
  static int failureCode(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureCode() : -1;
  }
}
