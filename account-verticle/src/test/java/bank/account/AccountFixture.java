package bank.account;

import bank.common.Caller;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.Deadline;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.CallContext;
import bank.contracts.account.AccountService;
import bank.contracts.account.AccountServiceV1;
import bank.postgres.PostgresServer;
import bank.testing.ServiceCalls;
import bank.testing.ServiceRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.BiFunction;

/** What the account-service tests share: a migrated database and the requests they send. */
final class AccountFixture {

  private static final long TIMEOUT_MS = 30_000;

  private AccountFixture() {
  }

  /** A fresh database with the account schema, so that a test starts from nothing. Blocking. */
  static DatabaseConfig migratedDatabase() {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AccountVerticle.SCHEMA);
    return database;
  }

  /** Opens an account of {@code ann} and answers its id. */
  static Future<String> open(Vertx vertx, String currency) {
    return send(vertx, "open", new JsonObject().put("owner", "ann").put("currency", currency))
        .map(opened -> opened.body().getString("id"));
  }

  /** A {@code deposit} or {@code withdraw}; {@code key} may be null. */
  static Future<Message<JsonObject>> move(Vertx vertx, String action, String account, long amount, String key) {
    return send(vertx, action, new JsonObject().put("accountId", account).put("amount", amount).put("idempotencyKey", key));
  }

  static Future<Message<JsonObject>> applyTransfer(Vertx vertx, String id, String from, String to, long amount) {
    return send(vertx, "apply-transfer",
        new JsonObject().put("transferId", id).put("from", from).put("to", to).put("amount", amount));
  }

  static Future<Long> balance(Vertx vertx, String account) {
    return send(vertx, "get", new JsonObject().put("id", account)).map(found -> found.body().getLong("balance"));
  }

  /** A request from inside the bank (no caller headers): not restricted. */
  static Future<Message<JsonObject>> send(Vertx vertx, String action, JsonObject body) {
    return ServiceRequests.request(vertx, AccountService.NAME, action, body);
  }

  /** A request on behalf of an HTTP caller, as the gateway sends it (headers callerSub, callerRoles). */
  static Future<Message<JsonObject>> sendAs(Vertx vertx, Caller caller, String action, JsonObject body) {
    ServiceDirectory directory = new ServiceDirectory(vertx);
    return directory.start()
        .compose(ready -> new ServiceCaller(vertx, directory, AccountService.NAME)
            .request(action, body, "test", caller, Deadline.in(TIMEOUT_MS)))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
  }

  /** The failure code a service answered with, or -1 when the failure did not come from a reply. */
  static int failureCode(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureCode() : -1;
  }

  /** A call of the contract as the bank itself, through a proxy for the instance the registry names. */
  static <T> Future<T> call(Vertx vertx, BiFunction<AccountService, CallContext, Future<T>> method) {
    return ServiceCalls.call(vertx, AccountService.NAME, AccountService::proxy, AccountServiceV1::client, method);
  }

  /** The call's failure code; an AssertionError when it succeeded. */
  static int failureCode(Step step) {
    try {
      step.run();
    } catch (AssertionError e) {
      // Blocking.await's: the cause is how the call failed.
      return failureCode(e.getCause());
    } catch (Exception e) {
      return failureCode(e);
    }
    throw new AssertionError("the call succeeded");
  }

  /** A step of a test that may fail. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }
}
