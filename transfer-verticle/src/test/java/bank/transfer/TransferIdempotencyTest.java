package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.list;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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
  private FakeAccountService accounts;

  @BeforeAll
  static void createSchema() {
    database = TransferFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    FakeAccountService.register(vertx)
        .onSuccess(fake -> accounts = fake)
        .compose(registered -> vertx.deployVerticle(new TransferVerticle(database)))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("gets the first outcome again, marked replayed, and is not applied a second time")
  void replays(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    create(vertx, from, to, 400, "replay-" + from)
        .compose(first -> create(vertx, from, to, 400, "replay-" + from).map(second -> {
          context.verify(() -> {
            assertThat(first.replayed()).isFalse();
            assertThat(second.replayed()).isTrue();
            assertThat(second.transfer().toJson()).isEqualTo(first.transfer().toJson());
            assertThat(accounts.applies(first.transfer().toJson().getString("id"))).isEqualTo(1);
          });
          return second;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("is refused with IDEMPOTENCY_KEY_REUSED when the key comes back with another amount")
  void refusesReusedKey(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    create(vertx, from, to, 400, "reused-" + from)
        .compose(first -> create(vertx, from, to, 401, "reused-" + from))
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(failureCode(failure)).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED.code());
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("while its first attempt is stuck, a client's repeat gets IDEMPOTENCY_IN_FLIGHT, and the caller's own retry drives it at once")
  void retryTakesOver(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    accounts.freezeOnce(from);
    String key = "stuck-" + from;
    // The first attempt waits for an account service that never answers it, until its deadline (3 s).
    TransferFixture.createAttempt(vertx, from, to, 250, key, 1, 3_000);
    TransferFixture.awaitApplies(vertx, accounts, from)
        .compose(stuck -> create(vertx, from, to, 250, key).map(ignored -> "answered").recover(failure ->
            Future.succeededFuture("failure " + failureCode(failure))))
        .compose(repeat -> TransferFixture.createAttempt(vertx, from, to, 250, key, 2, 3_000).map(retry -> {
          context.verify(() -> {
            assertThat(repeat).as("a client's repeat while the first is in flight").isEqualTo(IN_FLIGHT);
            assertThat(retry.transfer().toJson().getString("status")).isEqualTo("COMPLETED");
            assertThat(accounts.applies(retry.transfer().toJson().getString("id")))
                .as("asked twice for one transfer id, which the account service applies once").isEqualTo(2);
          });
          return retry;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("ten times at once is recorded and applied once; each reply is the transfer or IDEMPOTENCY_IN_FLIGHT")
  void concurrentDuplicates(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    List<Future<String>> outcomes = IntStream.range(0, DUPLICATES)
        .mapToObj(i -> create(vertx, from, to, 300, "concurrent-" + from)
            .map(reply -> reply.transfer().toJson().getString("id") + " " + reply.transfer().toJson().getString("status"))
            .recover(failure -> Future.succeededFuture("failure " + failureCode(failure))))
        .toList();
    Future.all(outcomes)
        .compose(all -> list(vertx, from, null, 10))
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.getJsonArray("items")).hasSize(1);
          String id = page.getJsonArray("items").getJsonObject(0).getString("id");
          String transfer = id + " COMPLETED";
          List<String> replies = outcomes.stream().map(Future::result).toList();
          assertThat(replies).hasSize(DUPLICATES).contains(transfer).allMatch(
              reply -> reply.equals(transfer) || reply.equals(IN_FLIGHT), "is the transfer or " + IN_FLIGHT);
          assertThat(accounts.applies(id)).isEqualTo(1);
          context.completeNow();
        })));
  }
}
