package bank.account;

import static bank.testing.Blocking.await;
import static bank.account.AccountFixture.failureCode;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.testing.Blocking;
import bank.common.ErrorCode;
import bank.common.Wire;
import bank.contracts.CallContext;
import bank.contracts.PageRequest;
import bank.contracts.account.Account;
import bank.contracts.account.AccountOpening;
import bank.contracts.account.AccountOutcome;
import bank.contracts.account.AccountService;
import bank.contracts.account.MovementOrder;
import bank.contracts.account.MovementOutcome;
import bank.contracts.account.TransferApplied;
import bank.contracts.account.TransferBatch;
import bank.contracts.account.TransferLegs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The account service through its contract, {@link AccountService}, as its callers use it. */
@ExtendWith(VertxExtension.class)
@DisplayName("The account service, on a real PostgreSQL")
class AccountServiceTest {

  private static DatabaseConfig database;

  private Vertx vertx;

  @BeforeAll
  static void createSchema() {
    database = AccountFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    this.vertx = vertx;
    await(vertx.deployVerticle(new AccountVerticle(database)));
  }

  @Test
  @DisplayName("an account opens with balance 0 and can be read back")
  void opens() throws Exception {
    Account opened = open("ann", "EUR", null).account();

    Account found = call((accounts, context) -> accounts.get(context, opened.id()));

    assertThat(found.toJson().getLong("balance")).isZero();
    assertThat(found.toJson().getString("currency")).isEqualTo("EUR");
    assertThat(found.toJson().getString("createdAt")).endsWith("Z");
    assertThat(found.toJson()).isEqualTo(opened.toJson());
  }

  @Test
  @DisplayName("an opening sent again with its key (a caller's retry on another instance) opens one account and answers it again")
  void opensOncePerKey() throws Exception {
    String key = "open-" + System.nanoTime();

    AccountOutcome first = open("kim", "EUR", key);
    AccountOutcome second = open("kim", "EUR", key);
    JsonObject page = call((accounts, context) -> accounts.list(context,
        new PageRequest(new JsonObject().put("limit", 1000)))).toJson();

    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.account().toJson()).isEqualTo(first.account().toJson());
    assertThat(page.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(account -> account.getString("id").equals(first.account().id()))).hasSize(1);
  }

  @Test
  @DisplayName("a currency that is not ISO 4217 is refused")
  void refusesBadCurrency() {
    assertThat(failureCode(() -> open("ann", "XYZ", null))).isEqualTo(ErrorCode.INVALID_REQUEST.code());
  }

  @Test
  @DisplayName("a withdrawal larger than the balance is rejected and moves nothing")
  void rejectsOverdraft() throws Exception {
    String account = open("ann", "EUR", null).account().id();
    move(AccountService::deposit, account, 500, null);

    MovementOutcome rejected = move(AccountService::withdraw, account, 501, null);

    assertThat(rejected.movement().status()).isEqualTo("REJECTED");
    assertThat(rejected.movement().toJson().getString("reason")).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(balance(account)).isEqualTo(500);
  }

  @Test
  @DisplayName("a deposit and a withdrawal answer the movement with its id, the balance after it and its time as the API writes times")
  void answersMovements() throws Exception {
    String account = open("ann", "EUR", null).account().id();

    JsonObject deposit = move(AccountService::deposit, account, 500, null).movement().toJson();
    JsonObject withdrawal = move(AccountService::withdraw, account, 200, null).movement().toJson();

    assertThat(deposit.fieldNames()).containsExactly("id", "accountId", "amount", "balance", "createdAt");
    assertThat(deposit.getString("id")).startsWith("dep");
    assertThat(withdrawal.getString("id")).startsWith("wdr");
    assertThat(deposit.getString("accountId")).isEqualTo(account);
    assertThat(deposit.getLong("balance")).isEqualTo(500);
    assertThat(withdrawal.getLong("amount")).isEqualTo(200);
    assertThat(withdrawal.getLong("balance")).isEqualTo(300);
    // Written by SQL (apply_movement), read as Times.iso writes every other time of the API.
    for (JsonObject movement : List.of(deposit, withdrawal)) {
      String createdAt = movement.getString("createdAt");
      assertThat(Instant.parse(createdAt).toString()).isEqualTo(createdAt);
    }
    assertThat(balance(account)).isEqualTo(300);
  }

  @Test
  @DisplayName("a deposit or a withdrawal of an account that does not exist is NOT_FOUND and remembers nothing under its key")
  void movesNoMissingAccount() throws Exception {
    String key = "missing-" + System.nanoTime();

    assertThat(failureCode(() -> move(AccountService::deposit, "acc_missing", 100, key)))
        .isEqualTo(ErrorCode.NOT_FOUND.code());
    assertThat(failureCode(() -> move(AccountService::withdraw, "acc_missing", 100, null)))
        .isEqualTo(ErrorCode.NOT_FOUND.code());
    String account = open("ann", "EUR", null).account().id();
    MovementOutcome sameKeyLater = move(AccountService::deposit, account, 100, key);

    assertThat(sameKeyLater.replayed()).as("the key was not taken by the failed deposit").isFalse();
    assertThat(balance(account)).isEqualTo(100);
  }

  @Test
  @DisplayName("concurrent withdrawals from one account take no more than it holds: exactly as many succeed as the balance allows")
  void concurrentWithdrawals() throws Exception {
    String account = open("ann", "EUR", null).account().id();
    move(AccountService::deposit, account, 1_000, null);
    List<Future<MovementOutcome>> withdrawals = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      withdrawals.add(AccountFixture.call(vertx, (accounts, context) ->
          accounts.withdraw(context, MovementOrder.of(account, 100, null))));
    }

    await(Future.all(withdrawals));

    List<String> statuses = withdrawals.stream()
        .map(withdrawal -> withdrawal.result().movement().status()).toList();
    assertThat(statuses).filteredOn("COMPLETED"::equals).hasSize(10);
    assertThat(statuses).filteredOn("REJECTED"::equals).hasSize(15);
    assertThat(balance(account)).isZero();
  }

  @Test
  @DisplayName("a deposit repeated with its Idempotency-Key gets the first outcome and adds nothing")
  void replaysDeposit() throws Exception {
    String account = open("ann", "EUR", null).account().id();

    MovementOutcome first = move(AccountService::deposit, account, 700, "key-" + account);
    MovementOutcome second = move(AccountService::deposit, account, 700, "key-" + account);

    assertThat(second.movement().toJson()).isEqualTo(first.movement().toJson());
    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(balance(account)).isEqualTo(700);
  }

  @Test
  @DisplayName("an Idempotency-Key reused for another amount is refused")
  void refusesReusedKey() throws Exception {
    String account = open("ann", "EUR", null).account().id();
    move(AccountService::deposit, account, 700, "reused-" + account);

    assertThat(failureCode(() -> move(AccountService::deposit, account, 701, "reused-" + account)))
        .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
  }

  @Test
  @DisplayName("a transfer applied twice at once with one id moves its money once")
  void appliesTransferOnce() throws Exception {
    String from = open("ann", "EUR", null).account().id();
    String to = open("bob", "EUR", null).account().id();
    move(AccountService::deposit, from, 1000, null);
    TransferLegs legs = TransferLegs.of("tr_once_" + from, from, to, 300);

    await(Future.all(applyLater(legs), applyLater(legs)));

    assertThat(balance(from)).isEqualTo(700);
    assertThat(balance(to)).isEqualTo(300);
  }

  @Test
  @DisplayName("a transfer that cannot be applied is rejected with its reason, moves nothing, and a repeat gets the same answer")
  void rejectsTransfers() throws Exception {
    String euros = open("ann", "EUR", null).account().id();
    String otherEuros = open("bob", "EUR", null).account().id();
    String dollars = open("cy", "USD", null).account().id();
    move(AccountService::deposit, euros, 100, null);

    JsonObject same = apply(TransferLegs.of("tr_same_" + euros, euros, euros, 10)).outcome();
    JsonObject unknown = apply(TransferLegs.of("tr_unknown_" + euros, euros, "acc_missing", 10)).outcome();
    JsonObject currency = apply(TransferLegs.of("tr_currency_" + euros, euros, dollars, 10)).outcome();
    TransferApplied funds = apply(TransferLegs.of("tr_funds_" + euros, euros, otherEuros, 101));
    TransferApplied repeat = apply(TransferLegs.of("tr_funds_" + euros, euros, otherEuros, 101));

    assertThat(List.of(same, unknown, currency, funds.outcome())).extracting(outcome -> outcome.getString("status"))
        .containsOnly("REJECTED");
    assertThat(List.of(same, unknown, currency, funds.outcome())).extracting(outcome -> outcome.getString("reason"))
        .containsExactly("SAME_ACCOUNT", "UNKNOWN_ACCOUNT", "CURRENCY_MISMATCH", "INSUFFICIENT_FUNDS");
    assertThat(same.getString("detail")).isEqualTo("a transfer needs two different accounts");
    assertThat(unknown.getString("detail")).isEqualTo("no account acc_missing");
    assertThat(currency.getString("detail")).isEqualTo("account " + euros + " holds EUR but account " + dollars + " holds USD");
    assertThat(funds.outcome().getString("detail")).isEqualTo("account " + euros + " holds less than 101");
    assertThat(repeat.outcome().encode()).isEqualTo(funds.outcome().encode());
    assertThat(funds.replayed()).isFalse();
    assertThat(repeat.replayed()).isTrue();
    assertThat(balance(euros)).isEqualTo(100);
    assertThat(balance(otherEuros)).isZero();
  }

  @Test
  @DisplayName("concurrent opposite transfers neither deadlock nor create, lose or overdraw money")
  void concurrentTransfers() throws Exception {
    int accounts = 4;
    long initial = 1_000;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      String id = open("ann", "EUR", null).account().id();
      move(AccountService::deposit, id, initial, null);
      ids.add(id);
    }
    Random random = new Random(42);
    List<Future<TransferApplied>> transfers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int from = random.nextInt(accounts);
      int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
      transfers.add(applyLater(TransferLegs.of("tr_c" + i + ids.get(0), ids.get(from), ids.get(to),
          1 + random.nextInt(400))));
    }

    await(Future.all(transfers));

    long total = 0;
    for (String id : ids) {
      long balance = balance(id);
      assertThat(balance).isNotNegative();
      total += balance;
    }
    assertThat(total).isEqualTo(accounts * initial);
  }

  @Test
  @DisplayName("a batch of transfers is applied in its order, each answered as if it came alone: a bad field fails only its own")
  void appliesABatch() throws Exception {
    String from = open("ann", "EUR", null).account().id();
    String to = open("bob", "EUR", null).account().id();
    String dollars = open("cy", "USD", null).account().id();
    move(AccountService::deposit, from, 100, null);
    TransferLegs first = TransferLegs.of("tr_batch_" + from, from, to, 70);
    List<TransferLegs> batch = List.of(
        first,
        TransferLegs.of("tr_batch_over_" + from, from, to, 70),  // 30 left: rejected
        new TransferLegs(first.toJson().copy().put("transferId", "tr_batch_bad_" + from).put("amount", -5)),
        TransferLegs.of("tr_batch_usd_" + from, from, dollars, 10),
        first);

    List<Future<TransferApplied>> results =
        call((accounts, context) -> accounts.applyTransfers(context, TransferBatch.of(batch))).results();

    assertThat(results).hasSize(5);
    assertThat(results.get(0).result().status()).isEqualTo("COMPLETED");
    assertThat(results.get(0).result().replayed()).isFalse();
    assertThat(results.get(1).result().outcome().getString("reason")).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(failureCode(results.get(2).cause())).isEqualTo(ErrorCode.INVALID_REQUEST.code());
    assertThat(results.get(3).result().outcome().getString("reason")).isEqualTo("CURRENCY_MISMATCH");
    assertThat(results.get(4).result().replayed()).isTrue();
    assertThat(results.get(4).result().outcome()).isEqualTo(results.get(0).result().outcome());
    assertThat(balance(from)).isEqualTo(30);
    assertThat(balance(to)).isEqualTo(70);
  }

  @Test
  @DisplayName("a batch with no transfers is refused with INVALID_REQUEST")
  void refusesAnEmptyBatch() {
    Throwable failure = Blocking.failureOf(AccountFixture.call(vertx, (accounts, context) ->
        accounts.applyTransfers(context, new TransferBatch(new JsonObject().put("transfers", new JsonArray())))));

    assertThat(failureCode(failure)).isEqualTo(ErrorCode.INVALID_REQUEST.code());
  }

  @Test
  @DisplayName("0.1.0's flat messages are served beside the contract: apply-transfer, with the replayed header on a repeat")
  void servesVersion1() throws Exception {
    String from = open("ann", "EUR", null).account().id();
    String to = open("bob", "EUR", null).account().id();
    move(AccountService::deposit, from, 100, null);
    JsonObject legs = TransferLegs.of("tr_v1_" + from, from, to, 40).toJson();

    Message<JsonObject> first = await(AccountFixture.send(vertx, "apply-transfer", legs));
    Message<JsonObject> repeat = await(AccountFixture.send(vertx, "apply-transfer", legs));
    Message<JsonObject> found = await(AccountFixture.send(vertx, "get", new JsonObject().put("id", from)));

    assertThat(first.body().getString("status")).isEqualTo("COMPLETED");
    assertThat(first.headers().get(Wire.REPLAYED)).isNull();
    assertThat(repeat.headers().get(Wire.REPLAYED)).isEqualTo("true");
    assertThat(repeat.body()).isEqualTo(first.body());
    assertThat(found.body().getLong("balance")).isEqualTo(60);
  }

  private AccountOutcome open(String owner, String currency, String key) throws Exception {
    return call((accounts, context) -> accounts.open(context, AccountOpening.of(owner, currency, key)));
  }

  private MovementOutcome move(Movement movement, String account, long amount, String key) throws Exception {
    return call((accounts, context) -> movement.apply(accounts, context, MovementOrder.of(account, amount, key)));
  }

  private long balance(String account) throws Exception {
    return call((accounts, context) -> accounts.get(context, account)).toJson().getLong("balance");
  }

  private TransferApplied apply(TransferLegs legs) throws Exception {
    return await(applyLater(legs));
  }

  private Future<TransferApplied> applyLater(TransferLegs legs) {
    return AccountFixture.call(vertx, (accounts, context) -> accounts.applyTransfer(context, legs));
  }

  private <T> T call(BiFunction<AccountService, CallContext, Future<T>> method) throws Exception {
    return await(AccountFixture.call(vertx, method));
  }

  /** A deposit or a withdrawal. */
  @FunctionalInterface
  private interface Movement {
    Future<MovementOutcome> apply(AccountService accounts, CallContext context, MovementOrder order);
  }
}
