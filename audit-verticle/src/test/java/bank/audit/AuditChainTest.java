package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.verify;
import static bank.audit.AuditFixture.verifyAll;
import static bank.audit.AuditFixture.verifyAsCustomer;
import static bank.audit.TrailDatabase.links;
import static bank.audit.TrailDatabase.sql;
import static bank.testing.Blocking.await;
import static bank.testing.Blocking.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit trail's hash chain, on a real PostgreSQL")
class AuditChainTest {

  private static final String GENESIS = "0".repeat(64);

  /** A database per test: a test that tampers with the trail must not break the next one's. */
  private DatabaseConfig database;
  private Vertx vertx;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    database = TrailDatabase.migrated();
    await(vertx.deployVerticle(new AuditVerticle(database)));
  }

  @Test
  @DisplayName("an empty trail verifies intact, with no head")
  void emptyTrail() {
    JsonObject verdict = await(verify(vertx));

    assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 0L)
        .putNull("lastSeq").putNull("lastHash").put("verifiedAfter", 0L));
  }

  @Test
  @DisplayName("each recorded event follows the previous one's hash, and a batch delivered again, or an event twice in it, leaves the chain intact")
  void chainsEvents() {
    String account = account();
    JsonObject opened = event("AccountOpened", account);
    JsonObject deposited = event("DepositMade", account);
    await(record(vertx, opened, deposited));
    // A seq value taken and never stored (as by a transaction rolled back): the chain passes over the gap.
    await(sql(vertx, database, "SELECT nextval(pg_get_serial_sequence('audit.events', 'seq'))", Tuple.tuple()));
    JsonObject withdrawn = event("WithdrawalMade", account);
    await(record(vertx, opened, deposited, withdrawn, withdrawn));

    List<JsonObject> links = await(links(vertx, database));
    JsonObject verdict = await(verify(vertx));

    assertThat(links).hasSize(3);
    assertThat(links.get(0).getString("prevHash")).isEqualTo(GENESIS);
    assertThat(links.get(1).getString("prevHash")).isEqualTo(links.get(0).getString("hash"));
    assertThat(links.get(2).getString("prevHash")).isEqualTo(links.get(1).getString("hash"));
    assertThat(links).map(link -> link.getString("hash")).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
    assertThat(links.get(2).getLong("seq")).isGreaterThan(links.get(1).getLong("seq") + 1);
    JsonObject head = links.get(2);
    assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 3L)
        .put("lastSeq", head.getLong("seq")).put("lastHash", head.getString("hash")).put("verifiedAfter", 0L));
  }

  @Test
  @DisplayName("an event changed in PostgreSQL is the first break, with its seq and the content reason")
  void findsChangedEvent() {
    List<JsonObject> links = recordThree(account());
    JsonObject changed = links.get(1);

    await(sql(vertx, database, "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '1000000') WHERE seq = $1",
        Tuple.of(changed.getLong("seq"))));
    JsonObject verdict = await(verify(vertx));

    assertThat(verdict.getBoolean("intact")).isFalse();
    assertThat(verdict.getLong("events")).isEqualTo(3);
    assertThat(verdict.getString("lastHash")).isEqualTo(links.get(2).getString("hash"));
    JsonObject found = verdict.getJsonObject("firstBreak");
    assertThat(found.fieldNames()).containsExactly("seq", "id", "reason", "expectedHash", "storedHash");
    assertThat(found.getLong("seq")).isEqualTo(changed.getLong("seq"));
    assertThat(found.getString("id")).isEqualTo(changed.getString("id"));
    assertThat(found.getString("reason")).isEqualTo("the event's content does not match its hash");
    assertThat(found.getString("storedHash")).isEqualTo(changed.getString("hash"));
    assertThat(found.getString("expectedHash")).isNotEqualTo(changed.getString("hash"));
  }

  @Test
  @DisplayName("a deleted event breaks the link at the event after it")
  void findsDeletedEvent() {
    List<JsonObject> links = recordThree(account());

    await(sql(vertx, database, "DELETE FROM audit.events WHERE seq = $1", Tuple.of(links.get(1).getLong("seq"))));
    JsonObject verdict = await(verify(vertx));

    JsonObject after = links.get(2);
    assertThat(verdict.getBoolean("intact")).isFalse();
    assertThat(verdict.getLong("events")).isEqualTo(2);
    assertThat(verdict.getJsonObject("firstBreak")).isEqualTo(new JsonObject()
        .put("seq", after.getLong("seq"))
        .put("id", after.getString("id"))
        .put("reason", "the event does not follow the previous event's hash")
        .put("expectedPrevHash", links.get(0).getString("hash"))
        .put("storedPrevHash", links.get(1).getString("hash")));
  }

  @Test
  @DisplayName("a verification starts after the newest checkpoint and records the next; a full one finds a change made before it")
  void verifiesFromCheckpoints() {
    String account = account();
    List<JsonObject> first = recordThree(account);
    JsonObject checked = await(verify(vertx));
    await(record(vertx, event("DepositMade", account), event("WithdrawalMade", account)));
    JsonObject next = await(verify(vertx));
    JsonObject unchanged = await(verify(vertx));

    await(sql(vertx, database, "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '1000000') WHERE seq = $1",
        Tuple.of(first.get(0).getLong("seq"))));
    JsonObject incremental = await(verify(vertx));
    JsonObject full = await(verifyAll(vertx));

    List<JsonObject> links = await(links(vertx, database));
    assertThat(checked.getLong("verifiedAfter")).isZero();
    assertThat(next.getLong("verifiedAfter")).isEqualTo(first.get(2).getLong("seq"));
    assertThat(next.getLong("events")).isEqualTo(5);
    assertThat(next.getLong("lastSeq")).isEqualTo(links.get(4).getLong("seq"));
    assertThat(next.getBoolean("intact")).isTrue();
    assertThat(unchanged.getLong("verifiedAfter")).isEqualTo(links.get(4).getLong("seq"));
    assertThat(unchanged.getLong("events")).isEqualTo(5);
    // The changed event is before the checkpoint: only the full verification hashes it again.
    assertThat(incremental.getBoolean("intact")).isTrue();
    assertThat(full.getBoolean("intact")).isFalse();
    assertThat(full.getLong("verifiedAfter")).isZero();
    assertThat(full.getJsonObject("firstBreak").getLong("seq")).isEqualTo(first.get(0).getLong("seq"));
    assertThat(await(sql(vertx, database, "SELECT count(*) AS n FROM audit.checkpoints", Tuple.tuple()))
        .iterator().next().getLong("n")).isEqualTo(2);
  }

  @Test
  @DisplayName("the newest events deleted, the checkpoint's among them, break the chain at the checkpoint")
  void findsLostCheckpoint() {
    List<JsonObject> links = recordThree(account());
    await(verify(vertx));

    await(sql(vertx, database, "DELETE FROM audit.events WHERE seq >= $1", Tuple.of(links.get(1).getLong("seq"))));
    JsonObject verdict = await(verify(vertx));

    assertThat(verdict.getBoolean("intact")).isFalse();
    assertThat(verdict.getLong("lastSeq")).isEqualTo(links.get(0).getLong("seq"));
    JsonObject found = verdict.getJsonObject("firstBreak");
    assertThat(found.getLong("seq")).isEqualTo(links.get(2).getLong("seq"));
    assertThat(found.getString("reason")).isEqualTo("the event no longer has the hash a verification found");
    assertThat(found.getString("checkpointHash")).isEqualTo(links.get(2).getString("hash"));
  }

  @Test
  @DisplayName("an event's hash does not depend on the session's time zone or date style")
  void hashIgnoresSessionSettings() {
    Map<String, String> elsewhere = Map.of("TimeZone", "Pacific/Chatham", "DateStyle", "SQL, DMY");
    await(record(vertx, event("DepositMade", account())));

    // Chained by the trigger in that session, checked there, then checked by the service in its own.
    await(sql(vertx, database, elsewhere, """
        INSERT INTO audit.events (id, type, at, entity_id, account_ids, data)
        VALUES ('evt_elsewhere', 'DepositMade', now(), 'tr_elsewhere', ARRAY['acc_elsewhere'],
                '{"amount": 1.50}')""",
        Tuple.tuple()));
    RowSet<Row> checked = await(sql(vertx, database, elsewhere, """
        SELECT count(*) AS mismatches FROM audit.events
        WHERE hash <> audit.event_hash(prev_hash, seq, id, type, at, entity_id, account_ids, request_id,
                                       caller, data)""",
        Tuple.tuple()));
    JsonObject verdict = await(verify(vertx));

    assertThat(checked.iterator().next().getLong("mismatches")).isZero();
    assertThat(verdict.getBoolean("intact")).isTrue();
    assertThat(verdict.getLong("events")).isEqualTo(2);
  }

  @Test
  @DisplayName("a customer may not verify the trail: FORBIDDEN")
  void refusesCustomers() {
    Throwable refused = failureOf(verifyAsCustomer(vertx));

    assertThat(((ReplyException) refused).failureCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
  }

  /** Records three events of one account, one batch each, and answers the chain as stored. */
  private List<JsonObject> recordThree(String account) {
    await(record(vertx, event("AccountOpened", account)));
    await(record(vertx, event("DepositMade", account)));
    await(record(vertx, event("WithdrawalMade", account)));
    return await(links(vertx, database));
  }
}
