package bank.account;

import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The batch rules of account.apply_transfers (R__money_rules.sql) called as the service calls them:
 * one call, transfers applied in their order, each with its own outcome, and the ledger as if they
 * had been applied one by one.
 */
@DisplayName("A batch of transfers applied by one call, on a real PostgreSQL")
class TransferBatchTest {

  private static final String APPLY =
      "SELECT outcome, replayed FROM account.apply_transfers($1, $2, $3, $4) WITH ORDINALITY ORDER BY ordinality";

  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void connect() {
    DatabaseConfig database = AccountFixture.migratedDatabase();
    vertx = Vertx.vertx();
    pool = Databases.pool(vertx, database, "transfer-batch-test");
    await(pool.query("""
        INSERT INTO account.accounts (id, owner, currency) VALUES ('a', 'ann', 'EUR'), ('b', 'bob', 'EUR'),
          ('c', 'cy', 'EUR'), ('d', 'dee', 'USD');
        INSERT INTO account.movements (id, kind) VALUES ('seed', 'DEPOSIT');
        INSERT INTO account.ledger_entries (movement_id, account_id, amount, balance_after)
          VALUES ('seed', 'a', 100, 100), ('seed', 'b', 50, 50);
        UPDATE account.accounts SET balance = 100 WHERE id = 'a';
        UPDATE account.accounts SET balance = 50 WHERE id = 'b'""").execute());
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("each transfer sees the balances the ones before it left; a rejection moves nothing")
  void appliesInOrder() {
    List<Row> applied = apply(
        leg("t1", "a", "b", 70),   // a 100 -> 30, b 50 -> 120
        leg("t2", "a", "c", 40),   // a holds 30: rejected
        leg("t3", "b", "a", 120),  // b 120 -> 0, a 30 -> 150
        leg("t4", "a", "c", 150),  // a 150 -> 0, c 0 -> 150
        leg("t5", "a", "a", 1),
        leg("t6", "a", "zz", 1),
        leg("t7", "c", "d", 1));

    assertThat(applied).extracting(row -> status(row)).containsExactly(
        "COMPLETED", "INSUFFICIENT_FUNDS", "COMPLETED", "COMPLETED", "SAME_ACCOUNT", "UNKNOWN_ACCOUNT",
        "CURRENCY_MISMATCH");
    assertThat(applied).extracting(row -> row.getBoolean("replayed")).containsOnly(false);
    assertThat(applied.get(0).getJsonObject("outcome").encode()).isEqualTo("{\"status\":\"COMPLETED\",\"currency\":\"EUR\"}");
    assertThat(applied.get(1).getJsonObject("outcome").getString("detail")).isEqualTo("account a holds less than 40");
    assertThat(applied.get(5).getJsonObject("outcome").getString("detail")).isEqualTo("no account zz");
    assertThat(applied.get(6).getJsonObject("outcome").getString("detail"))
        .isEqualTo("account c holds EUR but account d holds USD");
    assertThat(balances()).containsExactly("a=0", "b=0", "c=150", "d=0");
    // The entries in the order of the transfers, each with the balance it left.
    assertThat(entries()).containsExactly("seed a 100 100", "seed b 50 50", "t1 a -70 30", "t1 b 70 120",
        "t3 b -120 0", "t3 a 120 150", "t4 a -150 0", "t4 c 150 150");
    assertThat(await(pool.query("SELECT count(*) AS n FROM account.movements WHERE kind = 'TRANSFER'").execute())
        .iterator().next().getLong("n")).isEqualTo(7);
    assertThat(await(Reconciliation.run(pool, true)).getBoolean("balanced")).isTrue();
  }

  @Test
  @DisplayName("a transfer twice in one batch, or applied by an earlier batch, is applied once and answered as first")
  void appliesOnce() {
    List<Row> first = apply(leg("t1", "a", "b", 60), leg("t2", "a", "b", 60));
    List<Row> again = apply(leg("t2", "a", "b", 60), leg("t3", "b", "a", 10), leg("t3", "b", "a", 10),
        leg("t1", "a", "b", 60));

    assertThat(first).extracting(row -> status(row)).containsExactly("COMPLETED", "INSUFFICIENT_FUNDS");
    assertThat(again).extracting(row -> status(row))
        .containsExactly("INSUFFICIENT_FUNDS", "COMPLETED", "COMPLETED", "COMPLETED");
    assertThat(again).extracting(row -> row.getBoolean("replayed")).containsExactly(true, false, true, true);
    assertThat(again.get(0).getJsonObject("outcome").encode()).isEqualTo(first.get(1).getJsonObject("outcome").encode());
    assertThat(balances()).containsExactly("a=50", "b=100", "c=0", "d=0");
    assertThat(await(Reconciliation.run(pool, true)).getBoolean("balanced")).isTrue();
  }

  private record Leg(String id, String from, String to, long amount) {
  }

  private static Leg leg(String id, String from, String to, long amount) {
    return new Leg(id, from, to, amount);
  }

  private List<Row> apply(Leg... legs) {
    List<Row> rows = new ArrayList<>();
    await(pool.preparedQuery(APPLY).execute(Tuple.of(
            List.of(legs).stream().map(Leg::id).toArray(String[]::new),
            List.of(legs).stream().map(Leg::from).toArray(String[]::new),
            List.of(legs).stream().map(Leg::to).toArray(String[]::new),
            List.of(legs).stream().map(Leg::amount).toArray(Long[]::new))))
        .forEach(rows::add);
    return rows;
  }

  private static String status(Row row) {
    JsonObject outcome = row.getJsonObject("outcome");
    return outcome.getString("reason", outcome.getString("status"));
  }

  private List<String> balances() {
    List<String> balances = new ArrayList<>();
    await(pool.query("SELECT id, balance FROM account.accounts ORDER BY id").execute())
        .forEach(row -> balances.add(row.getString("id") + "=" + row.getLong("balance")));
    return balances;
  }

  private List<String> entries() {
    List<String> entries = new ArrayList<>();
    await(pool.query("SELECT movement_id, account_id, amount, balance_after FROM account.ledger_entries ORDER BY id")
        .execute())
        .forEach(row -> entries.add(row.getString("movement_id") + " " + row.getString("account_id") + " "
            + row.getLong("amount") + " " + row.getLong("balance_after")));
    return entries;
  }
}
