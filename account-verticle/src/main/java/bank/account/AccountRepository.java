package bank.account;

import static bank.common.Batcher.longs;
import static bank.common.Batcher.texts;

import bank.common.Batcher;
import bank.database.DomainEvent;
import bank.common.ErrorCode;
import bank.common.Ids;
import bank.database.Outbox;
import bank.database.Pages;
import bank.common.Reply;
import bank.common.ServiceException;
import bank.common.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The account schema's SQL. Money moves only through the money rules, the SQL functions of
 * db/rules/account/R__money_rules.sql (apply_movement, apply_transfer): each change of money is one
 * transaction that updates the balances, writes ledger entries and records the movement by id, so
 * that a repeat returns the first outcome.
 */
final class AccountRepository {

  /** Namespace of the account service's advisory locks on Idempotency-Keys. */
  private static final int KEY_LOCK_SPACE = 1_001;

  private static final String INSERT_ACCOUNT = """
      INSERT INTO account.accounts (id, owner, currency) VALUES ($1, $2, $3)
      RETURNING id, owner, currency, balance, created_at""";
  private static final String FIND_ACCOUNT =
      "SELECT id, owner, currency, balance, created_at FROM account.accounts WHERE id = $1";
  private static final String LIST_ACCOUNTS = """
      SELECT id, owner, currency, balance, created_at, position FROM account.accounts
      WHERE position > $1 ORDER BY position LIMIT $2""";
  private static final String LIST_OWNED = """
      SELECT id, owner, currency, balance, created_at, position FROM account.accounts
      WHERE owner = $3 AND position > $1 ORDER BY position LIMIT $2""";
  // Fails at once (false) if another transaction holds the key: that request is still in flight.
  private static final String TRY_LOCK_KEY =
      "SELECT pg_try_advisory_xact_lock(" + KEY_LOCK_SPACE + ", hashtext($1)) AS locked";
  private static final String FIND_KEY = "SELECT fingerprint, outcome FROM account.idempotency_keys WHERE key = $1";
  private static final String INSERT_KEY =
      "INSERT INTO account.idempotency_keys (key, fingerprint, outcome) VALUES ($1, $2, $3)";
  private static final String APPLY_MOVEMENT =
      "SELECT outcome, applied FROM account.apply_movement($1, $2, $3, $4)";
  // WITH ORDINALITY: the outcomes in the order of the transfers.
  private static final String APPLY_TRANSFERS = """
      SELECT outcome, replayed FROM account.apply_transfers($1, $2, $3, $4) WITH ORDINALITY ORDER BY ordinality""";
  private static final int MAX_BATCH = 100;
  // One batch at a time per verticle instance; ./bench measured two in flight at 789 transfers/s
  // against 859 for one: smaller batches and batches waiting for each other's accounts.
  private static final int BATCHES_IN_FLIGHT = 1;

  private final Pool pool;
  private final Outbox outbox;
  private final Batcher<Legs, Reply> transfers;

  AccountRepository(Pool pool, Outbox outbox, int maxWaiting) {
    this.pool = pool;
    this.outbox = outbox;
    // Applying a transfer id again answers its first outcome, so a failed batch may be retried alone.
    this.transfers = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, maxWaiting, true, this::applyTransfers);
  }

  /**
   * Opens an account; with an Idempotency-Key (the gateway gives every request one, so that it may
   * send it again to another instance), at most once per key: a repeat gets the same account.
   */
  Future<Reply> open(String id, String owner, String currency, String key, String requestId, String caller) {
    String fingerprint = new JsonArray().add("OPEN").add(owner).add(currency).encode();
    return pool.withTransaction(connection -> earlierOutcome(connection, key, fingerprint)
        .compose(earlier -> earlier != null
            ? Future.succeededFuture(earlier)
            : insertAccount(connection, id, owner, currency, requestId, caller)
                .compose(account -> rememberKey(connection, key, fingerprint, account).map(Reply.of(account)))));
  }

  private Future<JsonObject> insertAccount(SqlConnection connection, String id, String owner, String currency,
      String requestId, String caller) {
    return connection.preparedQuery(INSERT_ACCOUNT)
        .execute(Tuple.of(id, owner, currency))
        .map(rows -> toAccount(rows.iterator().next()))
        .compose(account -> outbox.add(connection,
                new DomainEvent("AccountOpened", id, List.of(id), requestId, caller, account))
            .map(account));
  }

  /** The account, or null when there is none. */
  Future<JsonObject> find(String id) {
    return pool.preparedQuery(FIND_ACCOUNT).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
  }

  /** One page, read by one statement: one consistent snapshot of every account on it. */
  Future<JsonObject> list(long after, int limit) {
    return pool.preparedQuery(LIST_ACCOUNTS).execute(Tuple.of(after, limit + 1))
        .map(rows -> Pages.of(rows, AccountRepository::toAccount, "position", limit));
  }

  /** One page of the accounts of one owner, read as one snapshot. */
  Future<JsonObject> listOwnedBy(String owner, long after, int limit) {
    return pool.preparedQuery(LIST_OWNED).execute(Tuple.of(after, limit + 1, owner))
        .map(rows -> Pages.of(rows, AccountRepository::toAccount, "position", limit));
  }

  /** A deposit or withdrawal; with an Idempotency-Key, at most once per key. */
  Future<Reply> move(MovementRequest request) {
    return pool.withTransaction(connection -> earlierOutcome(connection, request.idempotencyKey(), request.fingerprint())
        .compose(earlier -> earlier != null
            ? Future.succeededFuture(earlier)
            : applyMovement(connection, request)
                .compose(reply -> rememberKey(connection, request.idempotencyKey(), request.fingerprint(), reply.body())
                    .map(reply))));
  }

  /** The first outcome of the request with this key (a replay), or null: this request is the first. */
  private Future<Reply> earlierOutcome(SqlConnection connection, String key, String fingerprint) {
    if (key == null) {
      return Future.succeededFuture(null);
    }
    return connection.preparedQuery(TRY_LOCK_KEY).execute(Tuple.of(key))
        .compose(locked -> {
          if (!locked.iterator().next().getBoolean("locked")) {
            throw new ServiceException(ErrorCode.IDEMPOTENCY_IN_FLIGHT, "a request with this Idempotency-Key is in progress");
          }
          return connection.preparedQuery(FIND_KEY).execute(Tuple.of(key));
        })
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          if (!row.getString("fingerprint").equals(fingerprint)) {
            throw new ServiceException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used for another request");
          }
          return Reply.replayOf(row.getJsonObject("outcome"));
        });
  }

  /**
   * The rules are the function apply_movement (db/rules/account/R__money_rules.sql), shared with
   * transfers; the event goes into the outbox here, in the same transaction, only for a movement
   * that was applied.
   */
  private Future<Reply> applyMovement(SqlConnection connection, MovementRequest request) {
    String id = Ids.next(request.kind().idPrefix);
    return connection.preparedQuery(APPLY_MOVEMENT)
        .execute(Tuple.of(id, request.kind().name(), request.accountId(), request.amount()))
        .compose(rows -> {
          Row applied = rows.iterator().next();
          JsonObject outcome = applied.getJsonObject("outcome");
          if (outcome == null) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + request.accountId());
          }
          if (!applied.getBoolean("applied")) {
            return Future.succeededFuture(Reply.of(outcome));
          }
          DomainEvent event = new DomainEvent(request.kind().eventType, id, List.of(request.accountId()),
              request.requestId(), request.caller(), outcome);
          return outbox.add(connection, event).map(Reply.of(outcome));
        });
  }

  private Future<Void> rememberKey(SqlConnection connection, String key, String fingerprint, JsonObject outcome) {
    if (key == null) {
      return Future.succeededFuture();
    }
    return connection.preparedQuery(INSERT_KEY)
        .execute(Tuple.of(key, fingerprint, outcome))
        .mapEmpty();
  }

  /**
   * A transfer's debit and credit, or its rejection; applied once per transfer id. The rules live
   * in the function apply_transfer (db/rules/account/R__money_rules.sql); the transfers that arrive
   * together are applied in one call and one commit (apply_transfers, beside it).
   */
  Future<Reply> applyTransfer(Legs legs) {
    return transfers.submit(legs);
  }

  private Future<List<Reply>> applyTransfers(List<Legs> batch) {
    return pool.preparedQuery(APPLY_TRANSFERS)
        .execute(Tuple.of(
            texts(batch, Legs::transferId),
            texts(batch, Legs::from),
            texts(batch, Legs::to),
            longs(batch, Legs::amount)))
        .map(rows -> {
          List<Reply> replies = new ArrayList<>(batch.size());
          for (Row applied : rows) {
            JsonObject outcome = applied.getJsonObject("outcome");
            replies.add(applied.getBoolean("replayed") ? Reply.replayOf(outcome) : Reply.of(outcome));
          }
          return replies;
        });
  }

  /** The books checked in one statement, from the checkpoints or with {@code full} from the first entry: see {@link Reconciliation}. */
  Future<JsonObject> reconcile(boolean full) {
    return Reconciliation.run(pool, full);
  }

  private static JsonObject toAccount(Row row) {
    OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("owner", row.getString("owner"))
        .put("currency", row.getString("currency"))
        .put("balance", row.getLong("balance"))
        .put("createdAt", Times.iso(createdAt));
  }
}
