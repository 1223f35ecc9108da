package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.list;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import bank.contracts.transfer.TransferOutcome;
import bank.testing.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A transfer repeated with its Idempotency-Key")
class TransferIdempotencyTest {

  private static final int DUPLICATES = 10;
  private static final String IN_FLIGHT = "failure " + ErrorCode.IDEMPOTENCY_IN_FLIGHT.code();

  private static DatabaseConfig database;

  private Vertx vertx;
  private FakeAccountService accounts;

  @BeforeAll
  static void createSchema() {
    database = TransferFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    accounts = await(FakeAccountService.register(vertx));
    await(vertx.deployVerticle(new TransferVerticle(database)));
  }

  @Test
  @DisplayName("gets the first outcome again, marked replayed, and is not applied a second time")
  void replays() {
    String from = account();
    String to = account();

    TransferOutcome first = await(create(vertx, from, to, 400, "replay-" + from));
    TransferOutcome second = await(create(vertx, from, to, 400, "replay-" + from));

    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.transfer().toJson()).isEqualTo(first.transfer().toJson());
    assertThat(accounts.applies(first.transfer().toJson().getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("is refused with IDEMPOTENCY_KEY_REUSED when the key comes back with another amount")
  void refusesReusedKey() {
    String from = account();
    String to = account();
    await(create(vertx, from, to, 400, "reused-" + from));

    Throwable refused = failureOf(create(vertx, from, to, 401, "reused-" + from));

    assertThat(failureCode(refused)).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
  }

  @Test
  @DisplayName("while its first attempt is stuck, a client's repeat gets IDEMPOTENCY_IN_FLIGHT, and the caller's own retry drives it at once")
  void retryTakesOver() {
    String from = account();
    String to = account();
    accounts.freezeOnce(from);
    String key = "stuck-" + from;
    // The first attempt waits for an account service that never answers it, until its deadline (3 s).
    TransferFixture.createAttempt(vertx, from, to, 250, key, 1, 3_000);
    await(TransferFixture.awaitApplies(vertx, accounts, from));

    String repeat = await(outcomeOf(create(vertx, from, to, 250, key)));
    TransferOutcome retry = await(TransferFixture.createAttempt(vertx, from, to, 250, key, 2, 3_000));

    assertThat(repeat).as("a client's repeat while the first is in flight").isEqualTo(IN_FLIGHT);
    assertThat(retry.transfer().toJson().getString("status")).isEqualTo("COMPLETED");
    assertThat(accounts.applies(retry.transfer().toJson().getString("id")))
        .as("asked twice for one transfer id, which the account service applies once").isEqualTo(2);
  }

  @Test
  @DisplayName("ten times at once is recorded and applied once; each reply is the transfer or IDEMPOTENCY_IN_FLIGHT")
  void concurrentDuplicates() {
    String from = account();
    String to = account();
    List<Future<String>> outcomes = IntStream.range(0, DUPLICATES)
        .mapToObj(i -> outcomeOf(create(vertx, from, to, 300, "concurrent-" + from)))
        .toList();

    List<String> replies = outcomes.stream().map(Blocking::await).toList();
    JsonObject page = await(list(vertx, from, null, 10));

    assertThat(page.getJsonArray("items")).hasSize(1);
    String transfer = page.getJsonArray("items").getJsonObject(0).getString("id") + " COMPLETED";
    assertThat(replies).hasSize(DUPLICATES).contains(transfer).allMatch(
        reply -> reply.equals(transfer) || reply.equals(IN_FLIGHT), "is the transfer or " + IN_FLIGHT);
    assertThat(accounts.applies(page.getJsonArray("items").getJsonObject(0).getString("id"))).isEqualTo(1);
  }

  /** "<id> <status>" for a transfer answered, "failure <code>" for a failure. */
  private static Future<String> outcomeOf(Future<TransferOutcome> created) {
    return created
        .map(reply -> reply.transfer().toJson().getString("id") + " " + reply.transfer().toJson().getString("status"))
        .recover(failure -> Future.succeededFuture("failure " + failureCode(failure)));
  }
}
