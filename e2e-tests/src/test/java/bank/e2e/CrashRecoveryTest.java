package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.common.Ids;
import bank.testing.ServiceRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A transfer service node that crashed half-way leaves a PENDING transfer whose lease runs out.
 * These tests make that state directly in the transfer schema (what the dead node had committed),
 * then watch the recovery pass of the live node finish the transfer exactly once.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Transfers left half-done by a crash")
class CrashRecoveryTest {

  private static final String STRANDED = """
      INSERT INTO transfer.transfers (id, from_account, to_account, amount, status, request_id, lease_until)
      VALUES ($1, $2, $3, $4, 'PENDING', 'req-crashed', now() - interval '1 second')""";
  private static final long AMOUNT = 300;

  @Test
  @DisplayName("recorded but not applied: the recovery pass applies it once and records COMPLETED")
  void recordedNotApplied(Vertx vertx, VertxTestContext context) throws Exception {
    crashAfter(vertx, context, false);
  }

  @Test
  @DisplayName("applied but not recorded: the recovery pass finds it applied, moves nothing again, and records COMPLETED")
  void appliedNotRecorded(Vertx vertx, VertxTestContext context) throws Exception {
    crashAfter(vertx, context, true);
  }

  private static void crashAfter(Vertx vertx, VertxTestContext context, boolean applied) throws Exception {
    BankCluster bank = BankCluster.atBaseline();
    Api api = new Api(vertx, bank.httpPort);
    Pool database = PgBuilder.pool().connectingTo(bank.database.connectOptions()).using(vertx).build();
    String id = Ids.next("tr");
    Future.all(api.openAccount("EUR"), api.openAccount("EUR"))
        .compose(opened -> {
          String from = opened.resultAt(0);
          String to = opened.resultAt(1);
          JsonObject legs = new JsonObject().put("transferId", id).put("from", from).put("to", to).put("amount", AMOUNT);
          return api.deposit(from, 1_000)
              .compose(funded -> database.preparedQuery(STRANDED).execute(Tuple.of(id, from, to, AMOUNT)))
              .compose(recorded -> applied
                  ? ServiceRequests.request(bank.transferNode, "account-service", "apply-transfer", legs).mapEmpty()
                  : Future.succeededFuture())
              .compose(crashed -> Eventually.poll(vertx, Duration.ofSeconds(20), () -> api.get("/transfers/" + id),
                  found -> found.statusCode() == 200 && "COMPLETED".equals(found.bodyAsJsonObject().getString("status"))))
              .compose(completed -> Future.all(api.balance(from), api.balance(to)))
              .compose(balances -> Eventually.poll(vertx, Duration.ofSeconds(20), () -> api.get("/audit?accountId=" + to),
                      trail -> trail.bodyAsString().contains("\"entityId\":\"" + id + "\""))
                  .map(audited -> balances));
        })
        .eventually(database::close)
        .onComplete(context.succeeding(balances -> context.verify(() -> {
          assertThat((Long) balances.resultAt(0)).isEqualTo(1_000 - AMOUNT);
          assertThat((Long) balances.resultAt(1)).isEqualTo(AMOUNT);
          context.completeNow();
        })));
  }
}
