package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.awaitStatus;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.list;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import bank.contracts.transfer.TransferOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("A transfer made while the account service is away")
class TransferRecoveryTest {

  private static DatabaseConfig database;

  @BeforeAll
  static void createSchema() {
    database = TransferFixture.migratedDatabase();
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    await(vertx.deployVerticle(new TransferVerticle(database)));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("answers TIMEOUT (outcome unknown) and stays PENDING, then the recovery pass completes it once the service is back")
  void recovers(Vertx vertx) {
    String from = account();
    String to = account();
    String key = "recover-" + from;

    Throwable unknown = failureOf(create(vertx, from, to, 250, key));
    JsonObject page = await(list(vertx, from, null, 10));

    assertThat(failureCode(unknown)).isEqualTo(ErrorCode.TIMEOUT.code());
    assertThat(page.getJsonArray("items")).hasSize(1);
    JsonObject pending = page.getJsonArray("items").getJsonObject(0);
    assertThat(pending.getString("status")).isEqualTo("PENDING");
    String id = pending.getString("id");

    FakeAccountService accounts = await(FakeAccountService.register(vertx));
    await(awaitStatus(vertx, id, "COMPLETED"));
    TransferOutcome retried = await(create(vertx, from, to, 250, key));

    assertThat(retried.replayed()).isTrue();
    assertThat(retried.transfer().toJson().getString("id")).isEqualTo(id);
    assertThat(retried.transfer().toJson().getString("status")).isEqualTo("COMPLETED");
    assertThat(retried.transfer().toJson().getString("currency")).isEqualTo("EUR");
    assertThat(accounts.applies(id)).isEqualTo(1);
  }
}
