package bank.transfer;

import static bank.common.Batcher.longs;
import static bank.common.Batcher.texts;

import bank.common.Batcher;
import bank.common.ErrorCode;
import bank.common.Ids;
import bank.database.DomainEvent;
import bank.database.Outbox;
import bank.database.Pages;
import bank.common.ServiceException;
import bank.common.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The transfer schema's SQL: recording transfers, their Idempotency-Keys, leases and outcomes. */
final class TransferRepository {

  /** How long a driver owns a PENDING transfer before a retry or the recovery pass may take it over. */
  static final String LEASE = "interval '10 seconds'";
  private static final String COLUMNS = """
      id, from_account, to_account, amount, reference, currency, status, reason, detail, request_id, caller, created_at""";

  // Group commit (bank.common.Batcher): the transfers asked for together are recorded by one
  // statement, in one commit, each only if its key is new. A request whose key is taken (by an
  // earlier request, or twice in this batch) records nothing and then finds the first one's
  // transfer; a concurrent request with the same key waits at the key for the first to commit.
  // Keys are claimed in key order, so that two batches cannot deadlock on each other's keys.
  private static final String RECORD_TRANSFERS = """
      WITH requested AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                             $8::text[], $9::text[])
          AS r (id, from_account, to_account, amount, reference, request_id, caller, key, fingerprint)),
      claimed AS (
        INSERT INTO transfer.idempotency_keys (key, fingerprint, transfer_id)
        SELECT key, fingerprint, id FROM requested WHERE key IS NOT NULL ORDER BY key
        ON CONFLICT (key) DO NOTHING RETURNING transfer_id)
      INSERT INTO transfer.transfers (id, from_account, to_account, amount, reference, status, request_id, caller,
                                      lease_until)
      SELECT id, from_account, to_account, amount, reference, 'PENDING', request_id, caller, now() + %s
      FROM requested WHERE key IS NULL OR id IN (SELECT transfer_id FROM claimed)
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String FIND_KEY = """
      SELECT k.fingerprint, t.id, t.status, t.lease_until < now() AS lease_expired
      FROM transfer.idempotency_keys k JOIN transfer.transfers t ON t.id = k.transfer_id
      WHERE k.key = $1""";
  private static final String TAKE_OVER = """
      UPDATE transfer.transfers SET lease_until = now() + %s
      WHERE id = $1 AND status = 'PENDING' AND lease_until < now()
      RETURNING %s""".formatted(LEASE, COLUMNS);
  // A retry of the same request, whose earlier attempt the caller gave up on: driving a transfer
  // twice is safe (the account service applies a transfer id once, an outcome is recorded once).
  private static final String TAKE_OVER_NOW = """
      UPDATE transfer.transfers SET lease_until = now() + %s
      WHERE id = $1 AND status = 'PENDING'
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String CLAIM_STRANDED = """
      UPDATE transfer.transfers SET lease_until = now() + %s
      WHERE id IN (SELECT id FROM transfer.transfers WHERE status = 'PENDING' AND lease_until < now()
                   ORDER BY lease_until LIMIT 50 FOR UPDATE SKIP LOCKED)
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String RELEASE_LEASE =
      "UPDATE transfer.transfers SET lease_until = now() WHERE id = $1 AND status = 'PENDING'";
  // The outcomes and their audit events (the rows Outbox.add writes) in one statement, for a batch:
  // atomic without a transaction, and nothing is written for a transfer another driver finished
  // first. A transfer twice in one batch is finished by its first outcome only. The events written
  // are answered, and handed over to the outbox's relay as they are.
  private static final String RECORD_OUTCOMES = """
      WITH outcome AS (
        SELECT DISTINCT ON (id) * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                              $6::text[], $7::text[], $8::text[])
          WITH ORDINALITY AS o (id, status, currency, reason, detail, event_id, event_type, data, n)
        ORDER BY id, n),
      finished AS (
        UPDATE transfer.transfers t
        SET status = o.status, currency = o.currency, reason = o.reason, detail = o.detail, finished_at = now(),
            lease_until = NULL
        FROM outcome o WHERE t.id = o.id AND t.status = 'PENDING'
        RETURNING t.id, t.from_account, t.to_account, t.request_id, t.caller)
      INSERT INTO transfer.outbox (id, type, entity_id, account_ids, request_id, caller, data)
      SELECT o.event_id, o.event_type, f.id, ARRAY[f.from_account, f.to_account], f.request_id, f.caller, o.data::jsonb
      FROM finished f JOIN outcome o ON o.id = f.id
      RETURNING %s""".formatted(DomainEvent.COLUMNS);
  private static final String FIND = "SELECT " + COLUMNS + " FROM transfer.transfers WHERE id = $1";
  private static final String LIST_BY_ACCOUNT = """
      SELECT %s, position FROM transfer.transfers
      WHERE (from_account = $1 OR to_account = $1) AND position < $2
      ORDER BY position DESC LIMIT $3""".formatted(COLUMNS);

  private static final int MAX_BATCH = 100;
  // One batch of each kind in flight per verticle instance, as measured for the account service.
  private static final int BATCHES_IN_FLIGHT = 1;

  private final Pool pool;
  private final Batcher<TransferRequest, PendingTransfer> recording;
  private final Batcher<Outcome, Boolean> finishing;
  private final TransferMetrics metrics;
  private final Outbox outbox;

  TransferRepository(Pool pool, int maxWaiting, TransferMetrics metrics, Outbox outbox) {
    this.pool = pool;
    this.metrics = metrics;
    this.outbox = outbox;
    // Recording a transfer without a key is not idempotent: a failed batch is never written again.
    this.recording = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, maxWaiting, false, this::record);
    // An outcome is recorded only while the transfer is PENDING: a failed batch may be retried alone.
    this.finishing = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, maxWaiting, true, this::recordOutcomes);
  }

  /**
   * Records a new transfer (and its key), or finds what became of the first request with this key.
   * With {@code takeOver} (a retry of the same request by a caller that gave up on its earlier
   * attempt), a PENDING transfer is driven by this request even while the earlier driver's lease runs.
   */
  Future<Start> begin(TransferRequest request, boolean takeOver) {
    return recording.submit(request)
        .compose(recorded -> recorded != null ? Future.succeededFuture(Start.drive(recorded)) : earlier(request, takeOver));
  }

  /** Records a batch of requests: for each, its PENDING transfer, or null when its key was taken. */
  private Future<List<PendingTransfer>> record(List<TransferRequest> batch) {
    List<String> ids = batch.stream().map(request -> Ids.next("tr")).toList();
    return pool.preparedQuery(RECORD_TRANSFERS)
        .execute(Tuple.from(List.of(
            ids.toArray(String[]::new),
            texts(batch, TransferRequest::from),
            texts(batch, TransferRequest::to),
            longs(batch, TransferRequest::amount),
            texts(batch, TransferRequest::reference),
            texts(batch, TransferRequest::requestId),
            texts(batch, TransferRequest::caller),
            texts(batch, TransferRequest::idempotencyKey),
            texts(batch, TransferRequest::fingerprint))))
        .map(rows -> {
          Map<String, PendingTransfer> recorded = new HashMap<>();
          rows.forEach(row -> recorded.put(row.getString("id"), pending(row)));
          return ids.stream().map(recorded::get).toList();
        });
  }

  private Future<Start> earlier(TransferRequest request, boolean takeOver) {
    return pool.preparedQuery(FIND_KEY).execute(Tuple.of(request.idempotencyKey()))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getString("fingerprint").equals(request.fingerprint())) {
            throw new ServiceException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used for another request");
          }
          String id = row.getString("id");
          if (!row.getString("status").equals("PENDING")) {
            return find(id).map(Start::finished);
          }
          if (!row.getBoolean("lease_expired") && !takeOver) {
            return Future.succeededFuture(Start.inFlight());
          }
          // The first request's driver gave up or died: this request takes the transfer over.
          return pool.preparedQuery(takeOver ? TAKE_OVER_NOW : TAKE_OVER).execute(Tuple.of(id))
              .map(taken -> taken.size() == 1 ? Start.drive(pending(taken.iterator().next())) : Start.inFlight());
        });
  }

  /** PENDING transfers whose lease ran out, now leased to this caller. */
  Future<List<PendingTransfer>> claimStranded() {
    return pool.preparedQuery(CLAIM_STRANDED).execute()
        .map(rows -> {
          List<PendingTransfer> stranded = new ArrayList<>();
          rows.forEach(row -> stranded.add(pending(row)));
          return stranded;
        });
  }

  /** Lets a retry or the recovery pass take the transfer over at once. */
  Future<Void> releaseLease(String id) {
    return pool.preparedQuery(RELEASE_LEASE).execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * Records the account service's outcome and its audit event, once, and hands the event to the
   * outbox's relay. If another driver recorded it first, returns what it recorded.
   */
  Future<JsonObject> finish(PendingTransfer transfer, JsonObject outcome) {
    String status = outcome.getString("status");
    if (!"COMPLETED".equals(status) && !"REJECTED".equals(status)) {
      return Future.failedFuture(
          new IllegalStateException("unexpected outcome for transfer " + transfer.id() + ": " + outcome));
    }
    Outcome finished = new Outcome(transfer.id(), outcome, transfer.finishedWith(outcome));
    return finishing.submit(finished).compose(recorded -> {
      if (!recorded) {
        return find(transfer.id());
      }
      metrics.finished(finished.transfer());
      return Future.succeededFuture(finished.transfer());
    });
  }

  /** Records a batch of outcomes: for each, whether it was recorded (false: the transfer was already final). */
  private Future<List<Boolean>> recordOutcomes(List<Outcome> batch) {
    return pool.preparedQuery(RECORD_OUTCOMES)
        .execute(Tuple.from(List.of(
            texts(batch, Outcome::id),
            texts(batch, finished -> finished.outcome().getString("status")),
            texts(batch, finished -> finished.outcome().getString("currency")),
            texts(batch, finished -> finished.outcome().getString("reason")),
            texts(batch, finished -> finished.outcome().getString("detail")),
            texts(batch, finished -> Ids.next("evt")),
            texts(batch, Outcome::eventType),
            texts(batch, finished -> finished.transfer().encode()))))
        .map(rows -> {
          outbox.handOver(rows);
          Set<String> recorded = new HashSet<>();
          rows.forEach(row -> recorded.add(row.getString("entity_id")));
          // Set.remove: a transfer twice in the batch was recorded for its first outcome only.
          return batch.stream().map(finished -> recorded.remove(finished.id())).toList();
        });
  }

  /** The transfer, or null when there is none. */
  Future<JsonObject> find(String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toTransfer(rows.iterator().next()));
  }

  /** An account's transfers, newest first. */
  Future<JsonObject> listByAccount(String accountId, long after, int limit) {
    long before = after == 0 ? Long.MAX_VALUE : after;
    return pool.preparedQuery(LIST_BY_ACCOUNT).execute(Tuple.of(accountId, before, limit + 1))
        .map(rows -> Pages.of(rows, TransferRepository::toTransfer, "position", limit));
  }

  private static PendingTransfer pending(Row row) {
    return new PendingTransfer(row.getString("id"), row.getString("from_account"), row.getString("to_account"),
        row.getLong("amount"), row.getString("request_id"), toTransfer(row));
  }

  /** An outcome of the account service for a transfer, and the transfer as it then shows. */
  private record Outcome(String id, JsonObject outcome, JsonObject transfer) {

    String eventType() {
      return outcome.getString("status").equals("COMPLETED") ? "TransferCompleted" : "TransferRejected";
    }
  }

  /** The transfer as the API shows it. */
  private static JsonObject toTransfer(Row row) {
    JsonObject transfer = new JsonObject()
        .put("id", row.getString("id"))
        .put("from", row.getString("from_account"))
        .put("to", row.getString("to_account"))
        .put("amount", row.getLong("amount"))
        .put("status", row.getString("status"))
        .put("createdAt", Times.iso(row.getOffsetDateTime("created_at")));
    if (row.getString("currency") != null) {
      transfer.put("currency", row.getString("currency"));
    }
    if (row.getString("reference") != null) {
      transfer.put("reference", row.getString("reference"));
    }
    if (row.getString("reason") != null) {
      transfer.put("reason", row.getString("reason")).put("detail", row.getString("detail"));
    }
    return transfer;
  }
}
