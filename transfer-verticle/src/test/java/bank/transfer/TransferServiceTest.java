package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.get;
import static bank.transfer.TransferFixture.list;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import bank.contracts.transfer.TransferOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The transfer service, on a real PostgreSQL, with a fake account service")
class TransferServiceTest {

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
  @DisplayName("a transfer the account service applies is COMPLETED in its currency and can be read back")
  void completes(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    create(vertx, from, to, 250, null)
        .compose(created -> get(vertx, created.transfer().toJson().getString("id")).map(found -> {
          context.verify(() -> {
            JsonObject transfer = created.transfer().toJson();
            assertThat(transfer.getString("id")).startsWith("tr_");
            assertThat(transfer.getString("from")).isEqualTo(from);
            assertThat(transfer.getString("to")).isEqualTo(to);
            assertThat(transfer.getLong("amount")).isEqualTo(250);
            assertThat(transfer.getString("status")).isEqualTo("COMPLETED");
            assertThat(transfer.getString("currency")).isEqualTo("EUR");
            assertThat(transfer.getString("createdAt")).endsWith("Z");
            assertThat(created.replayed()).isFalse();
            assertThat(found).isEqualTo(transfer);
            assertThat(accounts.applies(transfer.getString("id"))).isEqualTo(1);
          });
          return found;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("transfers asked for at once (recorded and finished in batches), keyed or not, are each recorded, applied and finished once")
  void recordsTransfersAskedForAtOnce(Vertx vertx, VertxTestContext context) {
    String from = account();
    List<Future<TransferOutcome>> created = IntStream.range(0, 40)
        .mapToObj(i -> create(vertx, from, account(), 1 + i, i % 2 == 0 ? "batch-" + from + "-" + i : null))
        .toList();
    Future.all(created)
        .compose(all -> list(vertx, from, null, 100))
        .onComplete(context.succeeding(page -> context.verify(() -> {
          List<JsonObject> transfers = created.stream().map(answer -> answer.result().transfer().toJson()).toList();
          assertThat(transfers).extracting(transfer -> transfer.getLong("amount"))
              .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
          assertThat(transfers).extracting(transfer -> transfer.getString("status")).containsOnly("COMPLETED");
          assertThat(transfers).extracting(transfer -> transfer.getString("id")).doesNotHaveDuplicates();
          assertThat(transfers).allSatisfy(transfer -> assertThat(accounts.applies(transfer.getString("id"))).isEqualTo(1));
          assertThat(page.getJsonArray("items")).hasSize(40);
          assertThat(page.getJsonArray("items")).allSatisfy(item -> assertThat(((JsonObject) item).getString("status"))
              .isEqualTo("COMPLETED"));
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer the account service rejects is recorded REJECTED with its reason, without a currency, and can be read back")
  void rejects(Vertx vertx, VertxTestContext context) {
    create(vertx, account(), account(), FakeAccountService.LIMIT + 1, null)
        .compose(created -> get(vertx, created.transfer().toJson().getString("id")).map(found -> {
          context.verify(() -> {
            JsonObject transfer = created.transfer().toJson();
            assertThat(transfer.getString("status")).isEqualTo("REJECTED");
            assertThat(transfer.getString("reason")).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(transfer.getString("detail")).contains("holds less than");
            assertThat(transfer.containsKey("currency")).as("no \"currency\": null on a rejection").isFalse();
            assertThat(found).isEqualTo(transfer);
          });
          return found;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a transfer from an account to itself is refused with SAME_ACCOUNT and never applied")
  void refusesSameAccount(Vertx vertx, VertxTestContext context) {
    String account = account();
    create(vertx, account, account, 100, null)
        .compose(unexpected -> Future.failedFuture(new AssertionError("a transfer to the same account was accepted")),
            failure -> {
              context.verify(() -> assertThat(failureCode(failure)).isEqualTo(ErrorCode.SAME_ACCOUNT.code()));
              return list(vertx, account, null, 10);
            })
        .onComplete(context.succeeding(page -> context.verify(() -> {
          assertThat(page.getJsonArray("items")).isEmpty();
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("an account's transfers are listed newest first, a page at a time, following the next cursor")
  void listsNewestFirst(Vertx vertx, VertxTestContext context) {
    String from = account();
    create(vertx, from, account(), 1, null)
        .compose(first -> create(vertx, account(), from, 2, null))
        .compose(second -> create(vertx, from, account(), 3, null))
        .compose(third -> list(vertx, from, null, 2))
        .compose(firstPage -> list(vertx, from, firstPage.getString("next"), 2).map(secondPage -> {
          context.verify(() -> {
            assertThat(amounts(firstPage)).containsExactly(3L, 2L);
            assertThat(firstPage.getString("next")).isNotNull();
            assertThat(amounts(secondPage)).containsExactly(1L);
            assertThat(secondPage.getString("next")).isNull();
          });
          return secondPage;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a cursor the service did not hand out is refused with INVALID_REQUEST")
  void refusesBadCursor(Vertx vertx, VertxTestContext context) {
    list(vertx, account(), "not-a-cursor", 10)
        .onComplete(context.failing(failure -> context.verify(() -> {
          assertThat(failureCode(failure)).isEqualTo(ErrorCode.INVALID_REQUEST.code());
          context.completeNow();
        })));
  }

  private static List<Long> amounts(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getLong("amount")).toList();
  }
}
