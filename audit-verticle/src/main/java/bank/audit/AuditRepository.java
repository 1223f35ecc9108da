package bank.audit;

import bank.database.DomainEvent;
import bank.database.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The audit schema's SQL: an append-only trail, deduplicated by event id, read in seq order. */
final class AuditRepository {

  // The trail's writers take turns (an advisory lock, held by append_events until commit): see
  // db/migration/audit/V6__chain_per_batch.sql, which chains the batch under it.
  private static final String COLUMNS = "seq, " + DomainEvent.COLUMNS;
  private static final String APPEND = """
      SELECT %s FROM audit.append_events($1) ORDER BY seq""".formatted(COLUMNS);
  private static final String LIST = """
      SELECT %s FROM audit.events WHERE seq > $1 ORDER BY seq LIMIT $2""".formatted(COLUMNS);
  private static final String LIST_FOR_ACCOUNT = """
      SELECT %s FROM audit.events WHERE seq > $1 AND account_ids @> ARRAY[$3]::text[]
      ORDER BY seq LIMIT $2""".formatted(COLUMNS);
  /** The reasons verify gives for a break. */
  private static final String CONTENT_CHANGED = "the event's content does not match its hash";
  private static final String LINK_BROKEN = "the event does not follow the previous event's hash";
  /**
   * One statement, one snapshot. A single pass in seq order over the whole trail counts the events
   * and finds the first whose stored hash is not the hash of its content, or whose prev_hash is not
   * the stored hash of the event before it (lag over seq: gaps in seq are no break); that event's
   * details are then read by its seq, and the head by the primary key.
   */
  private static final String VERIFY = """
      WITH walk AS (
        SELECT count(*) AS events,
               min(seq) FILTER (WHERE hash IS DISTINCT FROM expected_hash
                                   OR prev_hash IS DISTINCT FROM expected_prev_hash) AS break_seq
        FROM (SELECT seq, hash, prev_hash,
                     audit.event_hash(prev_hash, seq, id, type, at, entity_id, account_ids, request_id, caller,
                                      data) AS expected_hash,
                     lag(hash, 1, audit.genesis_hash()) OVER (ORDER BY seq) AS expected_prev_hash
              FROM audit.events) chain)
      SELECT walk.events, head.seq AS last_seq, head.hash AS last_hash, walk.break_seq, broken.*
      FROM walk
      LEFT JOIN (SELECT seq, hash FROM audit.events ORDER BY seq DESC LIMIT 1) head ON true
      LEFT JOIN LATERAL (
        SELECT e.id AS break_id, e.hash AS stored_hash, e.prev_hash AS stored_prev_hash,
               audit.event_hash(e.prev_hash, e.seq, e.id, e.type, e.at, e.entity_id, e.account_ids, e.request_id,
                                e.caller, e.data) AS expected_hash,
               coalesce((SELECT p.hash FROM audit.events p WHERE p.seq < e.seq ORDER BY p.seq DESC LIMIT 1),
                        audit.genesis_hash()) AS expected_prev_hash
        FROM audit.events e WHERE e.seq = walk.break_seq) broken ON true""";

  private final Pool pool;

  AuditRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends the events not yet in the trail and returns them as recorded: one call, one commit.
   * Writers take turns, so a reader paging by seq never skips an event that commits later.
   */
  Future<List<JsonObject>> record(List<JsonObject> events) {
    return pool.preparedQuery(APPEND).execute(Tuple.of(new JsonArray(new ArrayList<>(events))))
        .map(rows -> {
          List<JsonObject> recorded = new ArrayList<>();
          rows.forEach(row -> recorded.add(toEvent(row)));
          return recorded;
        });
  }

  Future<JsonObject> list(String accountId, long after, int limit) {
    Future<RowSet<Row>> rows = accountId == null
        ? pool.preparedQuery(LIST).execute(Tuple.of(after, limit + 1))
        : pool.preparedQuery(LIST_FOR_ACCOUNT).execute(Tuple.of(after, limit + 1, accountId));
    return rows.map(found -> Pages.of(found, AuditRepository::toEvent, "seq", limit));
  }

  /** Walks the hash chain: the reply of {@code verify}, {@code ChainVerdict} in contracts. */
  Future<JsonObject> verify() {
    return pool.query(VERIFY).execute().map(rows -> toVerdict(rows.iterator().next()));
  }

  private static JsonObject toVerdict(Row row) {
    boolean intact = row.getLong("break_seq") == null;
    JsonObject verdict = new JsonObject()
        .put("intact", intact)
        .put("events", row.getLong("events"))
        .put("lastSeq", row.getLong("last_seq"))
        .put("lastHash", row.getString("last_hash"));
    return intact ? verdict : verdict.put("firstBreak", toBreak(row));
  }

  /** A changed event shows the hashes of its content; a missing, added or moved one, the hashes of the link. */
  private static JsonObject toBreak(Row row) {
    JsonObject found = new JsonObject().put("seq", row.getLong("break_seq")).put("id", row.getString("break_id"));
    return row.getString("stored_hash").equals(row.getString("expected_hash"))
        ? found.put("reason", LINK_BROKEN)
            .put("expectedPrevHash", row.getString("expected_prev_hash"))
            .put("storedPrevHash", row.getString("stored_prev_hash"))
        : found.put("reason", CONTENT_CHANGED)
            .put("expectedHash", row.getString("expected_hash"))
            .put("storedHash", row.getString("stored_hash"));
  }

  private static JsonObject toEvent(Row row) {
    // The recorded event is the relayed one plus its place in the trail, shown right after the id.
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("seq", row.getLong("seq"))
        .mergeIn(DomainEvent.toJson(row));
  }
}
