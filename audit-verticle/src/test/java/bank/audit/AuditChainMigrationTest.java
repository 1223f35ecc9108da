package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.verify;
import static bank.audit.TrailDatabase.links;
import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The hash chain's migration (V3), on a real PostgreSQL")
class AuditChainMigrationTest {

  private static final String V2_INSERT = """
      INSERT INTO audit.events (id, type, at, entity_id, account_ids, request_id, caller, data)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING""";

  @Test
  @DisplayName("events recorded before V3 are chained by the migration, and the events recorded after it follow them")
  void backfills(Vertx vertx) {
    DatabaseConfig database = TrailDatabase.migratedTo("2");
    String account = account();
    // The events that a service of V2's time recorded, as its SQL did (a repeat of an event is dropped);
    // then the migrations from V3 on are applied, and the service of this release goes on recording.
    JsonObject opened = event("AccountOpened", account);
    for (JsonObject event : List.of(opened, event("DepositMade", account), opened, event("WithdrawalMade", account))) {
      await(TrailDatabase.sql(vertx, database, V2_INSERT, Tuple.of(event.getString("id"),
          event.getString("type"), OffsetDateTime.parse(event.getString("at")), event.getString("entityId"),
          event.getJsonArray("accountIds").stream().map(String::valueOf).toArray(String[]::new),
          event.getString("requestId")).addValue(event.getString("caller")).addValue(event.getJsonObject("data"))));
    }
    RowSet<Row> hashed = await(TrailDatabase.sql(vertx, database, """
        SELECT count(*) AS hashed FROM information_schema.columns
        WHERE table_schema = 'audit' AND column_name = 'hash'""", Tuple.tuple()));

    Databases.migrate(database, AuditVerticle.SCHEMA);
    await(vertx.deployVerticle(new AuditVerticle(database)));
    await(record(vertx, event("TransferCompleted", account, account())));
    List<JsonObject> links = await(links(vertx, database));
    JsonObject verdict = await(verify(vertx));

    assertThat(hashed.iterator().next().getLong("hashed")).as("no hash column before V3").isZero();
    assertThat(links).hasSize(4);
    assertThat(links.get(0).getString("prevHash")).isEqualTo("0".repeat(64));
    for (int i = 1; i < links.size(); i++) {
      assertThat(links.get(i).getString("prevHash")).isEqualTo(links.get(i - 1).getString("hash"));
    }
    JsonObject head = links.get(3);
    assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 4L)
        .put("lastSeq", head.getLong("seq")).put("lastHash", head.getString("hash")).put("verifiedAfter", 0L));
  }
}
