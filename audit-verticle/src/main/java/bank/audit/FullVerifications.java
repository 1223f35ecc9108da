package bank.audit;

import bank.audit.AuditRepository.Checkpoint;
import bank.common.ErrorCode;
import bank.common.ServiceException;
import bank.common.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifications of the whole trail, run in the background in pages, so that their time, which
 * grows with the trail, is never a request's (db/migration/audit/V8__full_verifications.sql). Each
 * page is one statement, one snapshot, over the next {@link #PAGE} events, starting from the
 * previous page's last event and its hash, which must still be there unchanged; its progress is
 * written to the run's row, so that any instance can answer how far it has got, and another can
 * take it over when its runner's node is gone.
 */
final class FullVerifications {

  private static final Logger LOG = LoggerFactory.getLogger(FullVerifications.class);

  /** Events hashed per statement: about 0.13 s of PostgreSQL's time (13 µs an event, ./bench). */
  static final int PAGE = 10_000;
  /** A run that has not moved on for this long has lost its runner: the next start takes it over. */
  static final Duration ABANDONED = Duration.ofSeconds(30);
  private static final long MAX_PAUSE_MS = 1_000;
  /** Taken over more often than this, a run gives up: its pages fail every time (V9). */
  static final int MAX_TAKEOVERS = 5;

  private static final String COLUMNS =
      "id, running, started_at, moved_at, finished_at, through_seq, through_hash, events, verdict, takeovers";
  private static final String TAKE_OVER = """
      UPDATE audit.full_verifications SET moved_at = now(), takeovers = takeovers + 1
      WHERE running AND moved_at < now() - make_interval(secs => $1) RETURNING %s""".formatted(COLUMNS);
  private static final String GIVE_UP = """
      UPDATE audit.full_verifications SET running = false, verdict = $2, finished_at = now()
      WHERE id = $1 AND running""";
  private static final String START = """
      INSERT INTO audit.full_verifications (id, through_hash) VALUES ($1, $2)
      ON CONFLICT (running) WHERE running DO NOTHING RETURNING %s""".formatted(COLUMNS);
  private static final String RUNNING = "SELECT %s FROM audit.full_verifications WHERE running".formatted(COLUMNS);
  private static final String GET = "SELECT %s FROM audit.full_verifications WHERE id = $1".formatted(COLUMNS);
  // Only one runner moves a run on from a given point: of two (a takeover of a runner that was only
  // slow), the first to write wins and the other finds no row and stops.
  private static final String ADVANCE = """
      UPDATE audit.full_verifications SET through_seq = $3, through_hash = $4, events = $5, moved_at = now()
      WHERE id = $1 AND running AND through_seq = $2""";
  private static final String FINISH = """
      UPDATE audit.full_verifications
      SET running = false, verdict = $3, through_seq = $4, through_hash = $5, events = $6, moved_at = now(),
          finished_at = now()
      WHERE id = $1 AND running AND through_seq = $2""";

  /** A run as its row says: where its next page starts. */
  private record Run(String id, Checkpoint through) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final AuditRepository repository;
  private final int pageSize;

  FullVerifications(Vertx vertx, Pool pool, AuditRepository repository) {
    this(vertx, pool, repository, PAGE);
  }

  /** With pages of {@code pageSize} events: tests walk a small trail in several. */
  FullVerifications(Vertx vertx, Pool pool, AuditRepository repository, int pageSize) {
    this.vertx = vertx;
    this.pool = pool;
    this.repository = repository;
    this.pageSize = pageSize;
  }

  /** The running verification, taken over if abandoned, or a new one: answered as it is when it starts. */
  Future<JsonObject> start() {
    return takeOver()
        .compose(taken -> taken != null ? Future.succeededFuture(taken) : startNew())
        .compose(claimed -> claimed != null ? Future.succeededFuture(claimed)
            : pool.query(RUNNING).execute().map(FullVerifications::firstOrNull)
                .map(running -> running != null ? running : failBusy()));
  }

  /** Takes over a run whose runner is gone, if there is one: a full verification survives its node. */
  Future<Void> resumeAbandoned() {
    return takeOver().mapEmpty();
  }

  /** The abandoned run, now run here; null when there is none, or when it gave up instead. */
  private Future<JsonObject> takeOver() {
    return pool.preparedQuery(TAKE_OVER).execute(Tuple.of(ABANDONED.toSeconds())).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Row row = rows.iterator().next();
      if (row.getInteger("takeovers") > MAX_TAKEOVERS) {
        String reason = "gave up after " + MAX_TAKEOVERS + " takeovers: the page after seq " + row.getLong("through_seq")
            + " failed each time (see the audit nodes' logs)";
        LOG.error("full verification {} {}", row.getString("id"), reason);
        return pool.preparedQuery(GIVE_UP).execute(Tuple.of(row.getString("id"), new JsonObject().put("gaveUp", reason)))
            .map((JsonObject) null);
      }
      return Future.succeededFuture(run(row));
    });
  }

  /** The run {@code id} as its row says. */
  Future<JsonObject> get(String id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id))
        .map(FullVerifications::firstOrNull)
        .map(found -> {
          if (found == null) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no full verification " + id);
          }
          return found;
        });
  }

  /** A new run, run here; null when one runs already (the partial unique index). */
  private Future<JsonObject> startNew() {
    return pool.preparedQuery(START).execute(Tuple.of("fv_" + UUID.randomUUID(), Checkpoint.GENESIS.hash()))
        .map(rows -> rows.size() == 0 ? null : run(rows.iterator().next()));
  }

  /** Runs the pages of the claimed {@code row} here, from where it had got; answers it as it is. */
  private JsonObject run(Row row) {
    Run run = new Run(row.getString("id"),
        new Checkpoint(row.getLong("through_seq"), row.getString("through_hash"), row.getLong("events")));
    vertx.runOnContext(next -> page(run));
    return toJson(row);
  }

  /**
   * One page, then the next after a pause as long as this one took (at most {@link #MAX_PAUSE_MS}):
   * a run takes at most about half of a PostgreSQL core from the requests it shares the database
   * with, and moves on well within {@link #ABANDONED} unless a page alone takes that long.
   */
  private void page(Run run) {
    long started = System.nanoTime();
    repository.verifyPage(run.through(), pageSize)
        .compose(verdict -> {
          boolean intact = verdict.getBoolean("intact");
          Long lastSeq = verdict.getLong("lastSeq");
          Checkpoint reached = lastSeq == null ? run.through()
              : new Checkpoint(lastSeq, verdict.getString("lastHash"), verdict.getLong("events"));
          // A page shorter than a page reached the head; a break ends the run where the chain was intact.
          if (!intact || reached.events() - run.through().events() < pageSize) {
            return finish(run, verdict.put("verifiedAfter", 0L), intact ? reached : run.through()).map((Run) null);
          }
          return pool.preparedQuery(ADVANCE)
              .execute(Tuple.of(run.id(), run.through().seq(), reached.seq(), reached.hash(), reached.events()))
              .map(moved -> moved.rowCount() == 1 ? new Run(run.id(), reached) : null);
        })
        .onSuccess(next -> {
          if (next != null) {
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            vertx.setTimer(Math.max(1, Math.min(MAX_PAUSE_MS, tookMs)), pause -> page(next));
          }
        })
        .onFailure(failure -> LOG.warn("full verification {} stopped after seq {}: {}; it is taken over once abandoned",
            run.id(), run.through().seq(), failure.getMessage()));
  }

  /** The run done with {@code verdict}; {@code reached}: the last event of the chain found intact. */
  private Future<Void> finish(Run run, JsonObject verdict, Checkpoint reached) {
    if (!verdict.getBoolean("intact")) {
      LOG.warn("full verification {}: the audit trail is broken at seq {}: {}", run.id(),
          verdict.getJsonObject("firstBreak").getLong("seq"), verdict.getJsonObject("firstBreak").getString("reason"));
    }
    return pool.preparedQuery(FINISH)
        .execute(Tuple.of(run.id(), run.through().seq(), verdict, reached.seq(), reached.hash(), reached.events()))
        .compose(finished -> finished.rowCount() == 1 ? repository.recordCheckpoint(verdict) : Future.succeededFuture());
  }

  private static JsonObject failBusy() {
    // A run finished between the claim and the read: rare, and the next start begins a new one.
    throw new ServiceException(ErrorCode.UNAVAILABLE, "a full verification just finished: start another");
  }

  private static JsonObject firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : toJson(rows.iterator().next());
  }

  private static JsonObject toJson(Row row) {
    boolean running = row.getBoolean("running");
    JsonObject verdict = running ? null : (JsonObject) row.getValue("verdict");
    boolean gaveUp = verdict != null && verdict.containsKey("gaveUp");
    JsonObject json = new JsonObject()
        .put("id", row.getString("id"))
        .put("status", running ? "RUNNING" : gaveUp ? "FAILED" : "DONE")
        .put("startedAt", Times.iso(row.getOffsetDateTime("started_at")))
        .put("movedAt", Times.iso(row.getOffsetDateTime("moved_at")))
        .put("throughSeq", row.getLong("through_seq"))
        .put("events", row.getLong("events"));
    if (!running) {
      json.put("finishedAt", Times.iso(row.getOffsetDateTime("finished_at")));
      if (gaveUp) {
        json.put("reason", verdict.getString("gaveUp"));
      } else {
        json.put("verdict", verdict);
      }
    }
    return json;
  }
}
