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
  /** The reason verify gives when the newest checkpoint's event is gone or no longer has its hash. */
  private static final String CHECKPOINT_LOST = "the event no longer has the hash a verification found";
  /**
   * One statement, one snapshot, from a checkpoint ($1 seq, $2 hash, $3 events; the genesis is seq 0
   * with no events), over at most $4 events after it (null: all of them). A single pass in seq order
   * over those events counts them and finds the first whose stored hash is not the hash of its
   * content, or whose prev_hash is not the stored hash of the event before it (the checkpoint's hash
   * for the first; lag over seq: gaps in seq are no break); that event's details are then read by its
   * seq, and the head (the last event hashed; the checkpoint's when there was none) by the primary
   * key. The checkpoint's own event must still be there, with its hash, and its content must still
   * hash to it.
   */
  private static final String VERIFY = """
      WITH walk AS (
        SELECT count(*) AS events, max(seq) AS last_seq,
               min(seq) FILTER (WHERE hash IS DISTINCT FROM expected_hash
                                   OR prev_hash IS DISTINCT FROM expected_prev_hash) AS break_seq
        FROM (SELECT seq, hash, prev_hash,
                     audit.event_hash(prev_hash, seq, id, type, at, entity_id, account_ids, request_id, caller,
                                      data) AS expected_hash,
                     lag(hash, 1, $2::text) OVER (ORDER BY seq) AS expected_prev_hash
              FROM (SELECT * FROM audit.events WHERE seq > $1 ORDER BY seq LIMIT $4) page) chain)
      SELECT walk.events + $3::bigint AS events, head.seq AS last_seq, head.hash AS last_hash, walk.break_seq, broken.*,
             $1 = 0 OR EXISTS (SELECT FROM audit.events c WHERE c.seq = $1 AND c.hash = $2::text
                                  AND audit.event_hash(c.prev_hash, c.seq, c.id, c.type, c.at, c.entity_id,
                                                       c.account_ids, c.request_id, c.caller, c.data) = $2::text)
               AS checkpoint_kept,
             (SELECT c.id FROM audit.events c WHERE c.seq = $1) AS checkpoint_id
      FROM walk
      LEFT JOIN LATERAL (SELECT seq, hash FROM audit.events WHERE seq <= coalesce(walk.last_seq, $1)
                         ORDER BY seq DESC LIMIT 1) head ON true
      LEFT JOIN LATERAL (
        SELECT e.id AS break_id, e.hash AS stored_hash, e.prev_hash AS stored_prev_hash,
               audit.event_hash(e.prev_hash, e.seq, e.id, e.type, e.at, e.entity_id, e.account_ids, e.request_id,
                                e.caller, e.data) AS expected_hash,
               coalesce((SELECT p.hash FROM audit.events p WHERE p.seq < e.seq AND p.seq > $1 ORDER BY p.seq DESC LIMIT 1),
                        $2::text) AS expected_prev_hash
        FROM audit.events e WHERE e.seq = walk.break_seq) broken ON true""";
  private static final String NEWEST_CHECKPOINT = "SELECT seq, hash, events FROM audit.checkpoints ORDER BY seq DESC LIMIT 1";
  private static final String RECORD_CHECKPOINT =
      "INSERT INTO audit.checkpoints (seq, hash, events) VALUES ($1, $2, $3) ON CONFLICT (seq) DO NOTHING";

  /** Where a verification starts: after the event at {@code seq} (0: from the first event), {@code events} verified before it. */
  record Checkpoint(long seq, String hash, long events) {

    static final Checkpoint GENESIS = new Checkpoint(0, "0".repeat(64), 0);
  }

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

  /**
   * Walks the hash chain from the newest checkpoint, or with {@code full} from the first event: the
   * reply of {@code verify}, {@code ChainVerdict} in contracts. An intact chain with new events is
   * recorded as the next checkpoint.
   */
  Future<JsonObject> verify(boolean full) {
    Future<Checkpoint> from = full ? Future.succeededFuture(Checkpoint.GENESIS)
        : pool.query(NEWEST_CHECKPOINT).execute().map(rows -> rows.size() == 0 ? Checkpoint.GENESIS
            : toCheckpoint(rows.iterator().next()));
    return from.compose(checkpoint -> verifyPage(checkpoint, null))
        .compose(verdict -> recordCheckpoint(verdict).map(verdict));
  }

  /**
   * The chain after {@code from}, at most {@code limit} events of it (null: all), in one statement:
   * the verdict as verify's, through the last event hashed ({@code events} minus {@code from}'s: how
   * many it hashed).
   */
  Future<JsonObject> verifyPage(Checkpoint from, Integer limit) {
    return pool.preparedQuery(VERIFY)
        .execute(Tuple.of(from.seq(), from.hash(), from.events(), limit))
        .map(rows -> toVerdict(rows.iterator().next(), from));
  }

  /** An intact chain with new events: its head becomes the next checkpoint. */
  Future<Void> recordCheckpoint(JsonObject verdict) {
    Long last = verdict.getLong("lastSeq");
    if (!verdict.getBoolean("intact") || last == null || last.equals(verdict.getLong("verifiedAfter"))) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(RECORD_CHECKPOINT)
        .execute(Tuple.of(last, verdict.getString("lastHash"), verdict.getLong("events")))
        .mapEmpty();
  }

  private static Checkpoint toCheckpoint(Row row) {
    return new Checkpoint(row.getLong("seq"), row.getString("hash"), row.getLong("events"));
  }

  private static JsonObject toVerdict(Row row, Checkpoint checkpoint) {
    boolean kept = row.getBoolean("checkpoint_kept");
    boolean intact = kept && row.getLong("break_seq") == null;
    JsonObject verdict = new JsonObject()
        .put("intact", intact)
        .put("events", row.getLong("events"))
        .put("lastSeq", row.getLong("last_seq"))
        .put("lastHash", row.getString("last_hash"))
        .put("verifiedAfter", checkpoint.seq());
    if (!kept) {
      return verdict.put("firstBreak", new JsonObject().put("seq", checkpoint.seq()).put("id", row.getString("checkpoint_id"))
          .put("reason", CHECKPOINT_LOST).put("checkpointHash", checkpoint.hash()));
    }
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
