package bank.bench;

import bank.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What PostgreSQL did for the bank during a run, from pg_stat_statements (preloaded on the
 * benchmark's server): every statement the services sent, with its calls and execution time, and the
 * transactions committed. Divided by the transfers of the run, it shows where a transfer's database
 * work goes.
 */
final class Statements {

  /** One statement's share of a run, per transfer. */
  record Share(String query, double callsPerTransfer, double millisPerTransfer) {
  }

  /** The whole run, per transfer. */
  record Work(double statementsPerTransfer, double commitsPerTransfer, List<Share> top) {
  }

  private final String url;
  private long commitsAtReset;

  Statements(String bankDatabaseUrl) {
    this.url = bankDatabaseUrl;
  }

  /** Starts counting afresh. */
  void reset() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
      commitsAtReset = commits(statement);
    }
  }

  /** What was counted since {@link #reset()}, per transfer; the {@code top} statements by time. */
  Work read(long transfers, int top) throws SQLException {
    double per = Math.max(1, transfers);
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      long commits = commits(statement) - commitsAtReset;
      long calls = 0;
      List<Share> shares = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("""
          SELECT calls, toplevel, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') AS query FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_statements%'
          ORDER BY total_exec_time DESC""")) {
        while (rows.next()) {
          // Statements run inside a function or a trigger are listed too, but cost no round trip.
          calls += rows.getBoolean("toplevel") ? rows.getLong("calls") : 0;
          if (shares.size() < top) {
            shares.add(new Share(rows.getString("query"), rows.getLong("calls") / per, rows.getDouble("total_exec_time") / per));
          }
        }
      }
      return new Work(calls / per, commits / per, shares);
    }
  }

  /** One table of the bank (with its indexes and TOAST), and the rows it holds. */
  record Table(String name, long bytes, long rows) {
  }

  /** The bank's three schemas as they are on disk: every table, largest first, and the transfers recorded. */
  record Storage(List<Table> tables, long transfers) {

    long bytes() {
      return tables.stream().mapToLong(Table::bytes).sum();
    }
  }

  /** What the bank holds on disk now. */
  Storage storage() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      List<Table> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("""
          SELECT schemaname || '.' || relname AS name, pg_total_relation_size(relid) AS bytes, n_live_tup AS rows
          FROM pg_stat_user_tables WHERE schemaname IN ('account', 'transfer', 'audit')
          ORDER BY bytes DESC""")) {
        while (rows.next()) {
          tables.add(new Table(rows.getString("name"), rows.getLong("bytes"), rows.getLong("rows")));
        }
      }
      try (ResultSet row = statement.executeQuery("SELECT count(*) FROM transfer.transfers")) {
        row.next();
        return new Storage(tables, row.getLong(1));
      }
    }
  }

  /** Events written but not yet confirmed by the audit service: the audit trail's lag. */
  long outboxBacklog() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
         ResultSet row = statement.executeQuery(
             "SELECT (SELECT count(*) FROM account.outbox) + (SELECT count(*) FROM transfer.outbox)")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long commits(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery(
        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
      row.next();
      return row.getLong(1);
    }
  }

  private Connection connect() throws SQLException {
    return PostgresServer.connect(url);
  }
}
