package bank.transfer;

import bank.common.ErrorCode;
import bank.common.Ids;
import bank.common.Page;
import bank.common.ServiceException;
import bank.common.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The transfer schema's SQL: recording transfers, their Idempotency-Keys, leases and outcomes. */
final class TransferRepository {

  /** How long a driver owns a PENDING transfer before a retry or the recovery pass may take it over. */
  static final String LEASE = "interval '10 seconds'";
  private static final String COLUMNS = """
      id, from_account, to_account, amount, reference, currency, status, reason, detail, request_id, caller, created_at""";

  private static final String INSERT_TRANSFER = """
      INSERT INTO transfer.transfers (id, from_account, to_account, amount, reference, status, request_id, caller,
                                      lease_until)
      VALUES ($1, $2, $3, $4, $5, 'PENDING', $6, $7, now() + %s)
      RETURNING %s""".formatted(LEASE, COLUMNS);
  // One statement, so one round trip and no BEGIN/COMMIT: the transfer is recorded only if its key
  // is new. A concurrent request with the same key waits at the key for the first to commit, then
  // records nothing and finds the first's row.
  private static final String INSERT_KEYED_TRANSFER = """
      WITH claimed AS (
        INSERT INTO transfer.idempotency_keys (key, fingerprint, transfer_id) VALUES ($8, $9, $1)
        ON CONFLICT (key) DO NOTHING RETURNING transfer_id)
      INSERT INTO transfer.transfers (id, from_account, to_account, amount, reference, status, request_id, caller,
                                      lease_until)
      SELECT transfer_id, $2, $3, $4, $5, 'PENDING', $6, $7, now() + %s FROM claimed
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String FIND_KEY = """
      SELECT k.fingerprint, t.id, t.status, t.lease_until < now() AS lease_expired
      FROM transfer.idempotency_keys k JOIN transfer.transfers t ON t.id = k.transfer_id
      WHERE k.key = $1""";
  private static final String TAKE_OVER = """
      UPDATE transfer.transfers SET lease_until = now() + %s
      WHERE id = $1 AND status = 'PENDING' AND lease_until < now()
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String CLAIM_STRANDED = """
      UPDATE transfer.transfers SET lease_until = now() + %s
      WHERE id IN (SELECT id FROM transfer.transfers WHERE status = 'PENDING' AND lease_until < now()
                   ORDER BY lease_until LIMIT 50 FOR UPDATE SKIP LOCKED)
      RETURNING %s""".formatted(LEASE, COLUMNS);
  private static final String RELEASE_LEASE =
      "UPDATE transfer.transfers SET lease_until = now() WHERE id = $1 AND status = 'PENDING'";
  // The outcome and its audit event (the row Outbox.add writes) in one statement: atomic without a
  // transaction, and nothing is written if another driver finished the transfer first.
  private static final String FINISH = """
      WITH finished AS (
        UPDATE transfer.transfers
        SET status = $2, currency = $3, reason = $4, detail = $5, finished_at = now(), lease_until = NULL
        WHERE id = $1 AND status = 'PENDING'
        RETURNING id, from_account, to_account, request_id, caller)
      INSERT INTO transfer.outbox (id, type, entity_id, account_ids, request_id, caller, data)
      SELECT $6, $7, id, ARRAY[from_account, to_account], request_id, caller, $8 FROM finished
      RETURNING id""";
  private static final String FIND = "SELECT " + COLUMNS + " FROM transfer.transfers WHERE id = $1";
  private static final String LIST_BY_ACCOUNT = """
      SELECT %s, position FROM transfer.transfers
      WHERE (from_account = $1 OR to_account = $1) AND position < $2
      ORDER BY position DESC LIMIT $3""".formatted(COLUMNS);

  private final Pool pool;

  TransferRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records a new transfer (and its key), or finds what became of the first request with this key.
   */
  Future<Start> begin(TransferRequest request) {
    String id = Ids.next("tr");
    Tuple transfer = Tuple.of(id, request.from(), request.to(), request.amount(), request.reference(),
        request.requestId(), request.caller());
    if (request.idempotencyKey() == null) {
      return pool.preparedQuery(INSERT_TRANSFER).execute(transfer).map(rows -> driving(rows.iterator().next()));
    }
    return pool.preparedQuery(INSERT_KEYED_TRANSFER)
        .execute(transfer.addString(request.idempotencyKey()).addString(request.fingerprint()))
        .compose(inserted -> inserted.size() == 1
            ? Future.succeededFuture(driving(inserted.iterator().next()))
            : earlier(request));
  }

  private Future<Start> earlier(TransferRequest request) {
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
          if (!row.getBoolean("lease_expired")) {
            return Future.succeededFuture(Start.inFlight());
          }
          // The first request's driver gave up or died: this request takes the transfer over.
          return pool.preparedQuery(TAKE_OVER).execute(Tuple.of(id))
              .map(taken -> taken.size() == 1 ? driving(taken.iterator().next()) : Start.inFlight());
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
   * Records the account service's outcome and its audit event, once. If another driver recorded it
   * first, returns what it recorded.
   */
  Future<JsonObject> finish(PendingTransfer transfer, JsonObject outcome) {
    String status = outcome.getString("status");
    if (!"COMPLETED".equals(status) && !"REJECTED".equals(status)) {
      return Future.failedFuture(
          new IllegalStateException("unexpected outcome for transfer " + transfer.id() + ": " + outcome));
    }
    JsonObject finished = transfer.finishedWith(outcome);
    String event = status.equals("COMPLETED") ? "TransferCompleted" : "TransferRejected";
    return pool.preparedQuery(FINISH)
        .execute(Tuple.of(transfer.id(), status, outcome.getString("currency"), outcome.getString("reason"),
            outcome.getString("detail"), Ids.next("evt"), event, finished))
        .compose(recorded -> recorded.size() == 1 ? Future.succeededFuture(finished) : find(transfer.id()));
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
        .map(rows -> Page.of(rows, TransferRepository::toTransfer, "position", limit));
  }

  private static Start driving(Row row) {
    return Start.drive(pending(row));
  }

  private static PendingTransfer pending(Row row) {
    return new PendingTransfer(row.getString("id"), row.getString("from_account"), row.getString("to_account"),
        row.getLong("amount"), row.getString("request_id"), toTransfer(row));
  }

  /** The transfer as the API shows it. */
  private static JsonObject toTransfer(Row row) {
    JsonObject transfer = new JsonObject()
        .put("id", row.getString("id"))
        .put("from", row.getString("from_account"))
        .put("to", row.getString("to_account"))
        .put("amount", row.getLong("amount"))
        .put("currency", row.getString("currency"))
        .put("status", row.getString("status"))
        .put("createdAt", Times.iso(row.getOffsetDateTime("created_at")));
    if (row.getString("reference") != null) {
      transfer.put("reference", row.getString("reference"));
    }
    if (row.getString("reason") != null) {
      transfer.put("reason", row.getString("reason")).put("detail", row.getString("detail"));
    }
    return transfer;
  }
}
