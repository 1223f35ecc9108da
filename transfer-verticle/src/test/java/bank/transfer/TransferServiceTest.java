package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.get;
import static bank.transfer.TransferFixture.list;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import bank.contracts.transfer.TransferOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The transfer service through its contract, {@link bank.contracts.transfer.TransferService}, as its callers use it. */
@ExtendWith(VertxExtension.class)
@DisplayName("The transfer service, on a real PostgreSQL, with a fake account service")
class TransferServiceTest {

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
  @DisplayName("a transfer the account service applies is COMPLETED in its currency and can be read back")
  void completes() {
    String from = account();
    String to = account();

    TransferOutcome created = await(create(vertx, from, to, 250, null));
    JsonObject transfer = created.transfer().toJson();
    JsonObject found = await(get(vertx, transfer.getString("id")));

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
  }

  @Test
  @DisplayName("transfers asked for at once (recorded and finished in batches), keyed or not, are each recorded, applied and finished once")
  void recordsTransfersAskedForAtOnce() {
    String from = account();
    List<Future<TransferOutcome>> created = IntStream.range(0, 40)
        .mapToObj(i -> create(vertx, from, account(), 1 + i, i % 2 == 0 ? "batch-" + from + "-" + i : null))
        .toList();

    await(Future.all(created));
    JsonObject page = await(list(vertx, from, null, 100));

    List<JsonObject> transfers = created.stream().map(answer -> answer.result().transfer().toJson()).toList();
    assertThat(transfers).extracting(transfer -> transfer.getLong("amount"))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    assertThat(transfers).extracting(transfer -> transfer.getString("status")).containsOnly("COMPLETED");
    assertThat(transfers).extracting(transfer -> transfer.getString("id")).doesNotHaveDuplicates();
    assertThat(transfers).allSatisfy(transfer -> assertThat(accounts.applies(transfer.getString("id"))).isEqualTo(1));
    assertThat(accounts.batches()).as("messages to the account service").isLessThan(40);
    assertThat(page.getJsonArray("items")).hasSize(40);
    assertThat(page.getJsonArray("items")).allSatisfy(item -> assertThat(((JsonObject) item).getString("status"))
        .isEqualTo("COMPLETED"));
  }

  @Test
  @DisplayName("in a batch to the account service, each transfer gets its own answer: a refusal (4xxx) or a rejection is that transfer's alone")
  void answersEachTransferOfABatch() {
    String refused = account();
    accounts.refuseFrom(refused);
    List<Future<TransferOutcome>> created = IntStream.range(0, 30)
        .mapToObj(i -> create(vertx, i == 7 ? refused : account(), account(), i == 11 ? FakeAccountService.LIMIT + 1 : 1 + i, null))
        .toList();

    await(Future.all(created));

    List<JsonObject> transfers = created.stream().map(answer -> answer.result().transfer().toJson()).toList();
    assertThat(transfers.get(7).getString("status")).isEqualTo("REJECTED");
    assertThat(transfers.get(7).getString("reason")).isEqualTo("INVALID_REQUEST");
    assertThat(transfers.get(11).getString("reason")).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(transfers).filteredOn(transfer -> !transfer.containsKey("reason"))
        .hasSize(28)
        .extracting(transfer -> transfer.getString("status")).containsOnly("COMPLETED");
    assertThat(accounts.batches()).as("messages to the account service").isLessThan(30);
  }

  @Test
  @DisplayName("an account instance of 0.2.0, which has no applyTransfers, gets the transfers of a batch one message each")
  void sendsOneByOneToAnInstanceWithoutBatches() {
    accounts.serveNoBatches();
    String from = account();
    List<Future<TransferOutcome>> created = IntStream.range(0, 20)
        .mapToObj(i -> create(vertx, from, account(), i == 3 ? FakeAccountService.LIMIT + 1 : 1 + i, null))
        .toList();

    await(Future.all(created));

    List<JsonObject> transfers = created.stream().map(answer -> answer.result().transfer().toJson()).toList();
    assertThat(transfers).extracting(transfer -> transfer.getString("status"))
        .containsOnly("COMPLETED", "REJECTED")
        .filteredOn("REJECTED"::equals).hasSize(1);
    assertThat(transfers.get(3).getString("status")).isEqualTo("REJECTED");
    assertThat(transfers).allSatisfy(transfer -> assertThat(accounts.applies(transfer.getString("id"))).isEqualTo(1));
    assertThat(accounts.batches()).isZero();
  }

  @Test
  @DisplayName("a transfer the account service rejects is recorded REJECTED with its reason, without a currency, and can be read back")
  void rejects() {
    JsonObject transfer = await(create(vertx, account(), account(), FakeAccountService.LIMIT + 1, null)).transfer().toJson();
    JsonObject found = await(get(vertx, transfer.getString("id")));

    assertThat(transfer.getString("status")).isEqualTo("REJECTED");
    assertThat(transfer.getString("reason")).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(transfer.getString("detail")).contains("holds less than");
    assertThat(transfer.containsKey("currency")).as("no \"currency\": null on a rejection").isFalse();
    assertThat(found).isEqualTo(transfer);
  }

  @Test
  @DisplayName("a transfer from an account to itself is refused with SAME_ACCOUNT and never applied")
  void refusesSameAccount() {
    String account = account();

    Throwable refused = failureOf(create(vertx, account, account, 100, null));
    JsonObject page = await(list(vertx, account, null, 10));

    assertThat(failureCode(refused)).isEqualTo(ErrorCode.SAME_ACCOUNT.code());
    assertThat(page.getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("an account's transfers are listed newest first, a page at a time, following the next cursor")
  void listsNewestFirst() {
    String from = account();
    await(create(vertx, from, account(), 1, null));
    await(create(vertx, account(), from, 2, null));
    await(create(vertx, from, account(), 3, null));

    JsonObject firstPage = await(list(vertx, from, null, 2));
    JsonObject secondPage = await(list(vertx, from, firstPage.getString("next"), 2));

    assertThat(amounts(firstPage)).containsExactly(3L, 2L);
    assertThat(firstPage.getString("next")).isNotNull();
    assertThat(amounts(secondPage)).containsExactly(1L);
    assertThat(secondPage.getString("next")).isNull();
  }

  @Test
  @DisplayName("a cursor the service did not hand out is refused with INVALID_REQUEST")
  void refusesBadCursor() {
    Throwable refused = failureOf(list(vertx, account(), "not-a-cursor", 10));

    assertThat(failureCode(refused)).isEqualTo(ErrorCode.INVALID_REQUEST.code());
  }

  private static List<Long> amounts(JsonObject page) {
    return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getLong("amount")).toList();
  }
}
