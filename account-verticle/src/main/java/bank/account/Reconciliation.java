package bank.account;

import bank.common.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Checks the books of the account schema: every account's balance against the sum of its ledger
 * entries, and per currency the sum of the balances against deposits minus withdrawals (transfer
 * legs netting to zero). One statement, so one consistent snapshot, in a transaction of its own
 * (the reconciliations take turns). Each account's sums start from
 * its verified checkpoint (db/migration/account/V8__reconciliation_checkpoints.sql) and add the
 * entries after it; the accounts that balance get a new checkpoint. A full reconciliation sums
 * every entry and sets the checkpoints anew. The checkpoints rely on each entry's id being drawn
 * while its account is locked, one at a time (the identity's CACHE 1: a cache would hand out ids
 * ahead of the lock; ReconciliationTest checks it). The reply of the {@code reconcile} and
 * {@code reconcileAll} actions; callable from outside the verticle with any pool of the account schema.
 */
public final class Reconciliation {

  /** At most this many differing accounts are listed; all of them are counted. */
  public static final int MAX_LISTED = 1_000;

  // Reconciliations take turns, each in a transaction that holds this lock until it commits: two
  // that wrote the same checkpoints at once could deadlock, and the later one would not see the
  // earlier one's checkpoints.
  private static final String TAKE_TURN = "SELECT pg_advisory_xact_lock(1004, 0)";
  // Each account's sums, from its checkpoint: its entries after it, read by the index (account_id,
  // id), each with its movement's kind by the primary key (most of the time: 3 µs an entry). Then
  // the checkpoint of each account that balances and has new entries, only forward.
  private static final String SINCE_THE_CHECKPOINTS = """
      WITH per_account AS (
        SELECT a.id, a.position, a.currency::text AS currency, a.balance, n.entries,
               coalesce(n.newest_entry, c.through_entry) AS through_entry,
               coalesce(c.ledger, 0) + coalesce(n.ledger, 0) AS ledger,
               coalesce(c.deposits, 0) + coalesce(n.deposits, 0) AS deposits,
               coalesce(c.withdrawals, 0) + coalesce(n.withdrawals, 0) AS withdrawals,
               coalesce(c.transfers, 0) + coalesce(n.transfers, 0) AS transfers
        FROM account.accounts a
        LEFT JOIN account.reconciliation_checkpoints c ON c.account_id = a.id
        CROSS JOIN LATERAL (
          SELECT count(*) AS entries, max(e.id) AS newest_entry, sum(e.amount) AS ledger,
                 sum(e.amount) FILTER (WHERE m.kind = 'DEPOSIT') AS deposits,
                 -sum(e.amount) FILTER (WHERE m.kind = 'WITHDRAWAL') AS withdrawals,
                 sum(e.amount) FILTER (WHERE m.kind = 'TRANSFER') AS transfers
          FROM account.ledger_entries e
          LEFT JOIN account.movements m ON m.id = e.movement_id
          WHERE e.account_id = a.id AND e.id > coalesce(c.through_entry, 0)) n
      ), recorded AS (
        %s
          WHERE c.through_entry < excluded.through_entry
      ), %s""";
  // Each account's sums from its first entry, every entry joined with its movement in one pass
  // (hash joins: about 0.6 µs an entry, where the index path of SINCE_THE_CHECKPOINTS takes 3.7).
  // Every checkpoint set anew, and every one it did not write dropped: an account that no longer
  // balances from its first entry is then reported by every later reconciliation too.
  private static final String FROM_THE_FIRST_ENTRY = """
      WITH per_account AS (
        SELECT a.id, a.position, a.currency::text AS currency, a.balance, coalesce(s.entries, 0) AS entries,
               s.newest_entry AS through_entry, coalesce(s.ledger, 0) AS ledger,
               coalesce(s.deposits, 0) AS deposits, coalesce(s.withdrawals, 0) AS withdrawals,
               coalesce(s.transfers, 0) AS transfers
        FROM account.accounts a
        LEFT JOIN (
          SELECT e.account_id, count(*) AS entries, max(e.id) AS newest_entry, sum(e.amount) AS ledger,
                 sum(e.amount) FILTER (WHERE m.kind = 'DEPOSIT') AS deposits,
                 -sum(e.amount) FILTER (WHERE m.kind = 'WITHDRAWAL') AS withdrawals,
                 sum(e.amount) FILTER (WHERE m.kind = 'TRANSFER') AS transfers
          FROM account.ledger_entries e
          LEFT JOIN account.movements m ON m.id = e.movement_id
          GROUP BY e.account_id) s ON s.account_id = a.id
      ), recorded AS (
        %s
      ), forgotten AS (
        DELETE FROM account.reconciliation_checkpoints c USING per_account p
        WHERE c.account_id = p.id AND NOT (p.entries > 0 AND p.balance = p.ledger)
      ), %s""";
  private static final String RECORD = """
      INSERT INTO account.reconciliation_checkpoints AS c
               (account_id, through_entry, ledger, deposits, withdrawals, transfers)
        SELECT id, through_entry, ledger, deposits, withdrawals, transfers FROM per_account
        WHERE entries > 0 AND balance = ledger
        ON CONFLICT (account_id) DO UPDATE
          SET through_entry = excluded.through_entry, ledger = excluded.ledger, deposits = excluded.deposits,
              withdrawals = excluded.withdrawals, transfers = excluded.transfers, reconciled_at = now()""";
  // $1: how many differing accounts to list. One row TOTAL (an aggregate without GROUP BY: there
  // even when there are no accounts), one row per CURRENCY, one per differing ACCOUNT (the first $1
  // by position). Sums of bigint are numeric in PostgreSQL: they are cast back to bigint only at the
  // end, so that a total beyond a long fails the statement instead of wrapping around.
  private static final String REPORT = """
      per_currency AS (
        SELECT currency, count(*) AS accounts, sum(balance) AS balances, sum(deposits) AS deposits,
               sum(withdrawals) AS withdrawals, sum(transfers) AS transfers_net
        FROM per_account GROUP BY currency
      )
      SELECT 'TOTAL' AS kind, now() AS checked_at, NULL::text AS currency, NULL::text AS account_id,
             NULL::bigint AS position, count(*) AS accounts, count(*) FILTER (WHERE balance <> ledger) AS differing,
             coalesce(sum(entries), 0)::bigint AS entries,
             NULL::bigint AS balance, NULL::bigint AS ledger, NULL::bigint AS deposits,
             NULL::bigint AS withdrawals, NULL::bigint AS transfers_net, NULL::bigint AS difference
      FROM per_account
      UNION ALL
      SELECT 'CURRENCY', NULL, currency, NULL, NULL, accounts, NULL, NULL,
             balances::bigint, NULL, deposits::bigint, withdrawals::bigint, transfers_net::bigint,
             (balances - (deposits - withdrawals))::bigint
      FROM per_currency
      UNION ALL
      (SELECT 'ACCOUNT', NULL, currency, id, position, NULL, NULL, NULL,
              balance, ledger::bigint, NULL, NULL, NULL, (balance - ledger)::bigint
       FROM per_account WHERE balance <> ledger ORDER BY position LIMIT $1)
      ORDER BY kind, position, currency""";
  private static final String CHECK_SINCE_THE_CHECKPOINTS = SINCE_THE_CHECKPOINTS.formatted(RECORD, REPORT);
  private static final String CHECK_FROM_THE_FIRST_ENTRY = FROM_THE_FIRST_ENTRY.formatted(RECORD, REPORT);

  private Reconciliation() {
  }

  /**
   * The report: {@code checkedAt}, {@code balanced}, {@code accounts} (checked), {@code differences}
   * (differing accounts plus currencies that do not balance), {@code currencies} and the first
   * {@link #MAX_LISTED} {@code accountDifferences}, {@code full} and {@code entriesSummed} (the
   * entries after the checkpoints, or every one); amounts in minor units. See README.md, {@code reconcile}.
   */
  public static Future<JsonObject> run(Pool pool, boolean full) {
    return pool.withTransaction(connection -> connection.query(TAKE_TURN).execute()
            .compose(turn -> connection.preparedQuery(full ? CHECK_FROM_THE_FIRST_ENTRY : CHECK_SINCE_THE_CHECKPOINTS)
                .execute(Tuple.of(MAX_LISTED))))
        .map(rows -> toReport(rows, full));
  }

  private static JsonObject toReport(RowSet<Row> rows, boolean full) {
    String checkedAt = null;
    long accounts = 0;
    long entries = 0;
    long differences = 0;
    JsonArray currencies = new JsonArray();
    JsonArray accountDifferences = new JsonArray();
    for (Row row : rows) {
      switch (row.getString("kind")) {
        case "TOTAL" -> {
          checkedAt = Times.iso(row.getOffsetDateTime("checked_at"));
          accounts = row.getLong("accounts");
          entries = row.getLong("entries");
          differences += row.getLong("differing");
        }
        case "CURRENCY" -> {
          JsonObject currency = toCurrency(row);
          currencies.add(currency);
          if (currency.getLong("difference") != 0 || currency.getLong("transfersNet") != 0) {
            differences++;
          }
        }
        case "ACCOUNT" -> accountDifferences.add(toAccountDifference(row));
        default -> throw new IllegalStateException("unexpected reconciliation row " + row.getString("kind"));
      }
    }
    return new JsonObject()
        .put("checkedAt", checkedAt)
        .put("balanced", differences == 0)
        .put("accounts", accounts)
        .put("differences", differences)
        .put("currencies", currencies)
        .put("accountDifferences", accountDifferences)
        .put("full", full)
        .put("entriesSummed", entries);
  }

  private static JsonObject toCurrency(Row row) {
    return new JsonObject()
        .put("currency", row.getString("currency"))
        .put("accounts", row.getLong("accounts"))
        .put("balances", row.getLong("balance"))
        .put("deposits", row.getLong("deposits"))
        .put("withdrawals", row.getLong("withdrawals"))
        .put("transfersNet", row.getLong("transfers_net"))
        .put("difference", row.getLong("difference"));
  }

  private static JsonObject toAccountDifference(Row row) {
    return new JsonObject()
        .put("accountId", row.getString("account_id"))
        .put("currency", row.getString("currency"))
        .put("balance", row.getLong("balance"))
        .put("ledger", row.getLong("ledger"))
        .put("difference", row.getLong("difference"));
  }
}
