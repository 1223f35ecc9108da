package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The bank over HTTP, on a real cluster and database")
class HappyPathTest {

  private Api api;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    api = new Api(vertx, BankCluster.atBaseline().httpPort);
  }

  @Test
  @DisplayName("an account is opened, funded, and pays another account")
  void openDepositTransfer(Vertx vertx, VertxTestContext context) {
    api.post("/accounts", new JsonObject().put("owner", "ann").put("currency", "EUR"))
        .compose(opened -> {
          context.verify(() -> {
            assertThat(opened.statusCode()).isEqualTo(201);
            assertThat(opened.getHeader("Location")).isEqualTo("/accounts/" + opened.bodyAsJsonObject().getString("id"));
            assertThat(opened.getHeader("X-Request-Id")).isNotBlank();
            assertThat(opened.bodyAsJsonObject().getLong("balance")).isZero();
          });
          String from = opened.bodyAsJsonObject().getString("id");
          return api.deposit(from, 10_000)
              .compose(balance -> api.openAccount("EUR"))
              .compose(to -> api.post("/transfers", new JsonObject().put("from", from).put("to", to).put("amount", 2_500)
                  .put("reference", "rent")));
        })
        .onComplete(context.succeeding(transfer -> context.verify(() -> {
          assertThat(transfer.statusCode()).isEqualTo(201);
          JsonObject body = transfer.bodyAsJsonObject();
          assertThat(body.getString("status")).isEqualTo("COMPLETED");
          assertThat(body.getString("currency")).isEqualTo("EUR");
          assertThat(body.getLong("amount")).isEqualTo(2_500);
          assertThat(body.getString("reference")).isEqualTo("rent");
          assertThat(transfer.getHeader("Location")).isEqualTo("/transfers/" + body.getString("id"));
          context.completeNow();
        })));
  }
}
