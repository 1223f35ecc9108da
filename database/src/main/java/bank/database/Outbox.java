package bank.database;

import bank.common.Batcher;
import bank.common.EventSink;
import bank.common.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox of one service schema: events are inserted in the transaction of the
 * change that causes them, then relayed to a {@link EventSink} (the audit service) until it confirms
 * them. Delivery is at least once; the sink drops duplicates by event id. Several relays (instances, nodes)
 * may run over one outbox: each takes a disjoint batch ({@code SKIP LOCKED}).
 *
 * <p>Fresh events go at once: {@link #relay()} after the commit that added them, or, where the
 * statement that wrote them answers them, {@link #handOver} without reading them again. The timer
 * sweeps up only the events older than {@link #SWEEP_AFTER_MS}, the ones whose relay failed or whose
 * node died, so that it does not race the hand-overs for the events they are sending.
 *
 * <p>The schema name is a constant of the owning service, never input.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int BATCH = 200;
  private static final long INTERVAL_MS = 250;
  /** What the timer leaves to the relay of the commit that added an event: a round trip to the audit service, with room. */
  static final long SWEEP_AFTER_MS = 2_000;
  /** Events waiting for a hand-over; past that, they wait for the sweep. */
  private static final int HAND_OVER_WAITING = 10_000;
  private static final long LAG_INTERVAL_MS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final EventSink sink;
  private final String insertSql;
  private final String takeSql;
  private final String sweepSql;
  private final String deleteSql;
  private final String lagSql;
  private final OutboxLag lag;
  private final Batcher<JsonObject, Void> handOvers;
  /** Events delivered by a hand-over, to be deleted. */
  private final List<String> confirmed = new ArrayList<>();
  private long timerId = -1;
  private long lagTimerId = -1;
  private boolean relaying;
  private boolean auditReachable = true;

  public Outbox(Vertx vertx, Pool pool, String schema, EventSink sink) {
    this.vertx = vertx;
    this.pool = pool;
    this.sink = sink;
    this.insertSql = "INSERT INTO " + schema + ".outbox (id, type, version, entity_id, account_ids, request_id,"
        + " caller, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    String take = "SELECT " + DomainEvent.COLUMNS + " FROM " + schema + ".outbox";
    String batch = " ORDER BY position LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";
    this.takeSql = take + batch;
    this.sweepSql = take + " WHERE at < now() - interval '" + SWEEP_AFTER_MS + " milliseconds'" + batch;
    this.deleteSql = "DELETE FROM " + schema + ".outbox WHERE id = ANY($1)";
    this.lagSql = "SELECT count(*) AS waiting, coalesce(extract(epoch FROM now() - min(at)), 0)::float8 AS oldest"
        + " FROM " + schema + ".outbox";
    this.lag = new OutboxLag(vertx, schema);
    this.handOvers = new Batcher<>(BATCH, 1, HAND_OVER_WAITING, false, this::deliverHandedOver);
  }

  /** Adds an event in the caller's transaction. */
  public Future<Void> add(SqlConnection connection, DomainEvent event) {
    return connection.preparedQuery(insertSql)
        .execute(Tuple.of(Ids.next("evt"), event.type(), (short) DomainEvent.VERSION, event.entityId(),
            event.accountIds().toArray(String[]::new), event.requestId(), event.caller(), event.data()))
        .mapEmpty();
  }

  /** Starts relaying in the background; call from the owning verticle's start. */
  public void start() {
    timerId = vertx.setPeriodic(INTERVAL_MS, tick -> deleteConfirmed().onComplete(deleted -> relay(sweepSql)));
    lagTimerId = vertx.setPeriodic(LAG_INTERVAL_MS, tick -> measureLag());
  }

  public void stop() {
    vertx.cancelTimer(timerId);
    vertx.cancelTimer(lagTimerId);
  }

  /** How many events wait for the audit service, and for how long the oldest has: the audit trail's delay. */
  private void measureLag() {
    pool.query(lagSql).execute()
        .onSuccess(rows -> {
          Row row = rows.iterator().next();
          lag.update(row.getLong("waiting"), row.getDouble("oldest"));
        })
        .onFailure(failure -> LOG.debug("outbox lag not measured: {}", failure.getMessage()));
  }

  /** Relays now rather than at the next tick: call after a commit that added events. */
  public void relay() {
    relay(takeSql);
  }

  /**
   * Relays events just committed, as the statement that wrote them answered them (the columns of
   * {@link DomainEvent#COLUMNS}), without reading them again. The events handed over while a
   * delivery is on its way go together as the next one; the delivered ones are deleted by the
   * timer, a batch of them in one statement. What fails to go stays, and the timer sweeps it up.
   */
  public void handOver(RowSet<Row> written) {
    for (Row row : written) {
      handOvers.submit(DomainEvent.toJson(row))
          .onFailure(failure -> LOG.debug("outbox hand-over failed: {}", failure.getMessage()));
    }
  }

  private Future<List<Void>> deliverHandedOver(List<JsonObject> events) {
    return sink.deliver(new JsonArray(new ArrayList<>(events)))
        .onComplete(delivered -> {
          events.forEach(event -> confirmed.add(event.getString("id")));
          reportReachable(true);
        }, failure -> reportReachable(false))
        .map(delivered -> Collections.nCopies(events.size(), null));
  }

  /** Deletes what the hand-overs delivered; if that fails, the sweep delivers it again and the sink drops it. */
  private Future<?> deleteConfirmed() {
    if (confirmed.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] ids = confirmed.toArray(String[]::new);
    confirmed.clear();
    return pool.preparedQuery(deleteSql).execute(Tuple.of(ids))
        .onFailure(failure -> LOG.debug("delivered events not deleted yet: {}", failure.getMessage()));
  }

  private void relay(String sql) {
    if (relaying) {
      return;
    }
    relaying = true;
    relayBatch(sql)
        .onComplete(sent -> {
          relaying = false;
          reportReachable(true);
          if (sent == BATCH) {
            relay(sql);
          }
        }, failure -> {
          relaying = false;
          reportReachable(false);
          LOG.debug("outbox relay failed: {}", failure.getMessage());
        });
  }

  private Future<Integer> relayBatch(String sql) {
    return pool.withTransaction(connection -> connection.preparedQuery(sql).execute()
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(0) : sendAndDelete(connection, rows)));
  }

  private Future<Integer> sendAndDelete(SqlConnection connection, RowSet<Row> rows) {
    JsonArray events = new JsonArray();
    List<String> ids = new ArrayList<>();
    for (Row row : rows) {
      events.add(DomainEvent.toJson(row));
      ids.add(row.getString("id"));
    }
    return sink.deliver(events)
        .compose(confirmed -> connection.preparedQuery(deleteSql).execute(Tuple.of(ids.toArray(String[]::new))))
        .map(ids.size());
  }

  private void reportReachable(boolean reachable) {
    if (reachable != auditReachable) {
      auditReachable = reachable;
      if (reachable) {
        LOG.info("audit service reachable again: relaying the outbox");
      } else {
        LOG.warn("audit service unreachable: events wait in the outbox");
      }
    }
  }
}
