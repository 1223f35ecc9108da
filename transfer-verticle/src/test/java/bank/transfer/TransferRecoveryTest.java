package bank.transfer;

import static bank.transfer.TransferFixture.account;
import static bank.transfer.TransferFixture.awaitStatus;
import static bank.transfer.TransferFixture.create;
import static bank.transfer.TransferFixture.failureCode;
import static bank.transfer.TransferFixture.list;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx.deployVerticle(new TransferVerticle(database)).onComplete(context.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @DisplayName("answers TIMEOUT (outcome unknown) and stays PENDING, then the recovery pass completes it once the service is back")
  void recovers(Vertx vertx, VertxTestContext context) {
    String from = account();
    String to = account();
    String key = "recover-" + from;
    create(vertx, from, to, 250, key)
        .<JsonObject>compose(
            unexpected -> Future.failedFuture(new AssertionError("created without an account service")),
            failure -> {
              context.verify(() -> assertThat(failureCode(failure)).isEqualTo(ErrorCode.TIMEOUT.code()));
              return list(vertx, from, null, 10);
            })
        .compose(page -> {
          context.verify(() -> assertThat(page.getJsonArray("items")).hasSize(1));
          JsonObject pending = page.getJsonArray("items").getJsonObject(0);
          context.verify(() -> assertThat(pending.getString("status")).isEqualTo("PENDING"));
          String id = pending.getString("id");
          return FakeAccountService.register(vertx).compose(accounts -> awaitStatus(vertx, id, "COMPLETED")
              .compose(completed -> create(vertx, from, to, 250, key))
              .map(retried -> {
                context.verify(() -> {
                  assertThat(retried.replayed()).isTrue();
                  assertThat(retried.transfer().toJson().getString("id")).isEqualTo(id);
                  assertThat(retried.transfer().toJson().getString("status")).isEqualTo("COMPLETED");
                  assertThat(retried.transfer().toJson().getString("currency")).isEqualTo("EUR");
                  assertThat(accounts.applies(id)).isEqualTo(1);
                });
                return retried;
              }));
        })
        .onComplete(context.succeedingThenComplete());
  }
}
