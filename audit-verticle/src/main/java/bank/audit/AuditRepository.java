package bank.audit;

import bank.common.DomainEvent;
import bank.common.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The audit schema's SQL: an append-only trail, deduplicated by event id, read in seq order. */
final class AuditRepository {

  /** Namespace and key of the advisory lock that makes one writer at a time append to the trail. */
  private static final String LOCK_TRAIL = "SELECT pg_advisory_xact_lock(1003, 0)";
  private static final String COLUMNS = "seq, id, type, at, entity_id, account_ids, request_id, caller, data";
  private static final String INSERT = """
      INSERT INTO audit.events (id, type, at, entity_id, account_ids, request_id, caller, data)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (id) DO NOTHING
      RETURNING %s""".formatted(COLUMNS);
  private static final String LIST = """
      SELECT %s FROM audit.events WHERE seq > $1 ORDER BY seq LIMIT $2""".formatted(COLUMNS);
  private static final String LIST_FOR_ACCOUNT = """
      SELECT %s FROM audit.events WHERE seq > $1 AND account_ids @> ARRAY[$3]::text[]
      ORDER BY seq LIMIT $2""".formatted(COLUMNS);

  private final Pool pool;

  AuditRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends the events not yet in the trail and returns them as recorded. Writers take turns
   * (advisory lock), so a reader paging by seq never skips an event that commits later.
   */
  Future<List<JsonObject>> record(List<JsonObject> events) {
    List<Tuple> rows = events.stream().map(AuditRepository::toTuple).toList();
    return pool.withTransaction(connection -> connection.query(LOCK_TRAIL).execute()
        .compose(locked -> connection.preparedQuery(INSERT).executeBatch(rows))
        .map(AuditRepository::inserted));
  }

  Future<JsonObject> list(String accountId, long after, int limit) {
    Future<RowSet<Row>> rows = accountId == null
        ? pool.preparedQuery(LIST).execute(Tuple.of(after, limit + 1))
        : pool.preparedQuery(LIST_FOR_ACCOUNT).execute(Tuple.of(after, limit + 1, accountId));
    return rows.map(found -> Page.of(found, AuditRepository::toEvent, "seq", limit));
  }

  /** A batch answers one row set per event: a row where it was new, none where it was a duplicate. */
  private static List<JsonObject> inserted(RowSet<Row> first) {
    List<JsonObject> recorded = new ArrayList<>();
    for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
      rows.forEach(row -> recorded.add(toEvent(row)));
    }
    return recorded;
  }

  private static Tuple toTuple(JsonObject event) {
    return Tuple.of(event.getString("id"), event.getString("type"), OffsetDateTime.parse(event.getString("at")),
            event.getString("entityId"), event.getJsonArray("accountIds").stream().map(String::valueOf)
                .toArray(String[]::new),
            event.getString("requestId"))
        .addValue(event.getString("caller"))
        .addValue(event.getJsonObject("data"));
  }

  private static JsonObject toEvent(Row row) {
    // The recorded event is the relayed one plus its place in the trail, shown right after the id.
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("seq", row.getLong("seq"))
        .mergeIn(DomainEvent.toJson(row));
  }
}
