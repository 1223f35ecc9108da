package bank.audit;

import static bank.audit.AuditFixture.account;
import static bank.audit.AuditFixture.event;
import static bank.audit.AuditFixture.record;
import static bank.audit.AuditFixture.verify;
import static bank.audit.AuditFixture.verifyAsCustomer;
import static bank.audit.TrailDatabase.links;
import static bank.audit.TrailDatabase.sql;
import static org.assertj.core.api.Assertions.assertThat;

import bank.database.DatabaseConfig;
import bank.common.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
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

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    database = TrailDatabase.migrated();
    vertx.deployVerticle(new AuditVerticle(database)).onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an empty trail verifies intact, with no head")
  void emptyTrail(Vertx vertx, VertxTestContext context) {
    verify(vertx).onComplete(context.succeeding(verdict -> context.verify(() -> {
      assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 0L)
          .putNull("lastSeq").putNull("lastHash"));
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("each recorded event follows the previous one's hash, and a batch delivered again leaves the chain intact")
  void chainsEvents(Vertx vertx, VertxTestContext context) {
    String account = account();
    JsonObject opened = event("AccountOpened", account);
    JsonObject deposited = event("DepositMade", account);
    record(vertx, opened, deposited)
        // The duplicates consume seq values: the chain passes over the gap.
        .compose(recorded -> record(vertx, opened, deposited, event("WithdrawalMade", account)))
        .compose(again -> links(vertx, database))
        .compose(links -> verify(vertx).map(verdict -> {
          context.verify(() -> {
            assertThat(links).hasSize(3);
            assertThat(links.get(0).getString("prevHash")).isEqualTo(GENESIS);
            assertThat(links.get(1).getString("prevHash")).isEqualTo(links.get(0).getString("hash"));
            assertThat(links.get(2).getString("prevHash")).isEqualTo(links.get(1).getString("hash"));
            assertThat(links).map(link -> link.getString("hash")).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
            assertThat(links.get(2).getLong("seq")).isGreaterThan(links.get(1).getLong("seq") + 1);
            JsonObject head = links.get(2);
            assertThat(verdict).isEqualTo(new JsonObject().put("intact", true).put("events", 3L)
                .put("lastSeq", head.getLong("seq")).put("lastHash", head.getString("hash")));
          });
          return verdict;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an event changed in PostgreSQL is the first break, with its seq and the content reason")
  void findsChangedEvent(Vertx vertx, VertxTestContext context) {
    String account = account();
    recordThree(vertx, account)
        .compose(links -> sql(vertx, database,
            "UPDATE audit.events SET data = jsonb_set(data, '{amount}', '1000000') WHERE seq = $1",
            Tuple.of(links.get(1).getLong("seq")))
            .compose(tampered -> verify(vertx))
            .map(verdict -> {
              context.verify(() -> {
                JsonObject changed = links.get(1);
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
              });
              return verdict;
            }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a deleted event breaks the link at the event after it")
  void findsDeletedEvent(Vertx vertx, VertxTestContext context) {
    recordThree(vertx, account())
        .compose(links -> sql(vertx, database, "DELETE FROM audit.events WHERE seq = $1",
            Tuple.of(links.get(1).getLong("seq")))
            .compose(deleted -> verify(vertx))
            .map(verdict -> {
              context.verify(() -> {
                JsonObject after = links.get(2);
                assertThat(verdict.getBoolean("intact")).isFalse();
                assertThat(verdict.getLong("events")).isEqualTo(2);
                assertThat(verdict.getJsonObject("firstBreak")).isEqualTo(new JsonObject()
                    .put("seq", after.getLong("seq"))
                    .put("id", after.getString("id"))
                    .put("reason", "the event does not follow the previous event's hash")
                    .put("expectedPrevHash", links.get(0).getString("hash"))
                    .put("storedPrevHash", links.get(1).getString("hash")));
              });
              return verdict;
            }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("an event's hash does not depend on the session's time zone or date style")
  void hashIgnoresSessionSettings(Vertx vertx, VertxTestContext context) {
    Map<String, String> elsewhere = Map.of("TimeZone", "Pacific/Chatham", "DateStyle", "SQL, DMY");
    record(vertx, event("DepositMade", account()))
        // Chained by the trigger in that session, checked there, then checked by the service in its own.
        .compose(recorded -> sql(vertx, database, elsewhere, """
            INSERT INTO audit.events (id, type, at, entity_id, account_ids, data)
            VALUES ('evt_elsewhere', 'DepositMade', now(), 'tr_elsewhere', ARRAY['acc_elsewhere'],
                    '{"amount": 1.50}')""",
            Tuple.tuple()))
        .compose(inserted -> sql(vertx, database, elsewhere, """
            SELECT count(*) AS mismatches FROM audit.events
            WHERE hash <> audit.event_hash(prev_hash, seq, id, type, at, entity_id, account_ids, request_id,
                                           caller, data)""",
            Tuple.tuple()))
        .compose(checked -> verify(vertx).map(verdict -> {
          context.verify(() -> {
            assertThat(checked.iterator().next().getLong("mismatches")).isZero();
            assertThat(verdict.getBoolean("intact")).isTrue();
            assertThat(verdict.getLong("events")).isEqualTo(2);
          });
          return verdict;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a customer may not verify the trail: FORBIDDEN")
  void refusesCustomers(Vertx vertx, VertxTestContext context) {
    verifyAsCustomer(vertx).onComplete(context.failing(failure -> context.verify(() -> {
      assertThat(((ReplyException) failure).failureCode()).isEqualTo(ErrorCode.FORBIDDEN.code());
      context.completeNow();
    })));
  }

  /** Records three events of one account, one batch each, and answers the chain as stored. */
  private Future<List<JsonObject>> recordThree(Vertx vertx, String account) {
    return record(vertx, event("AccountOpened", account))
        .compose(first -> record(vertx, event("DepositMade", account)))
        .compose(second -> record(vertx, event("WithdrawalMade", account)))
        .compose(third -> links(vertx, database));
  }
}
