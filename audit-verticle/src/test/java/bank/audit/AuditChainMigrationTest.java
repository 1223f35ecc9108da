package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.verify;
import static bank.audit.TrailDatabase.links;
import static org.assertj.core.api.Assertions.assertThat;

import bank.common.DatabaseConfig;
import bank.common.Databases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The hash chain's migration (V3), on a real PostgreSQL")
class AuditChainMigrationTest {

  @Test
  @DisplayName("events recorded before V3 are chained by the migration, and the events recorded after it follow them")
  void backfills(Vertx vertx, VertxTestContext context) {
    DatabaseConfig database = TrailDatabase.migratedTo("2");
    String account = account();
    JsonObject opened = event("AccountOpened", account);
    // A running service records on the V2 schema, V3 is applied under it, and it goes on recording.
    vertx.deployVerticle(new AuditVerticle(database))
        .compose(deployed -> record(vertx, opened, event("DepositMade", account)))
        .compose(recorded -> record(vertx, opened, event("WithdrawalMade", account)))
        .compose(recorded -> TrailDatabase.sql(vertx, database, """
            SELECT count(*) AS hashed FROM information_schema.columns
            WHERE table_schema = 'audit' AND column_name = 'hash'""", Tuple.tuple()))
        .compose(beforeV3 -> {
          context.verify(() -> assertThat(beforeV3.iterator().next().getLong("hashed")).isZero());
          return vertx.executeBlocking(() -> {
            Databases.migrate(database, AuditVerticle.SCHEMA);
            return null;
          });
        })
        .compose(migrated -> record(vertx, event("TransferCompleted", account, account())))
        .compose(recorded -> links(vertx, database))
        .compose(links -> verify(vertx).map(verdict -> {
          context.verify(() -> {
            assertThat(links).hasSize(4);
            assertThat(links.get(0).getString("prevHash")).isEqualTo("0".repeat(64));
            for (int i = 1; i < links.size(); i++) {
              assertThat(links.get(i).getString("prevHash")).isEqualTo(links.get(i - 1).getString("hash"));
            }
            JsonObject head = links.get(3);
            assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 4L)
                .put("lastSeq", head.getLong("seq")).put("lastHash", head.getString("hash")));
          });
          return verdict;
        }))
        .onComplete(context.succeedingThenComplete());
  }
}
