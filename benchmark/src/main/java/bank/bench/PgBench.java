package bank.bench;

import bank.postgres.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limit to compare with: pgbench running what one transfer does in plain SQL (debit
 * one account, credit another, append a history row, commit) against the same PostgreSQL, in a
 * database of its own, over as many accounts and with as many clients as the HTTP load.
 */
final class PgBench {

  private static final String DATABASE = "pgbench_transfers";
  /** The accounts are locked in id order, as the bank does, so that no two transactions deadlock. */
  private static final String SCRIPT = """
      \\set a random(1, :accounts)
      \\set b random(1, :accounts)
      \\set from least(:a, :b)
      \\set to greatest(:a, :b)
      \\set amount random(1, 100)
      BEGIN;
      UPDATE accounts SET balance = balance - :amount WHERE id = :from;
      UPDATE accounts SET balance = balance + :amount WHERE id = :to;
      INSERT INTO history (from_id, to_id, amount, created_at) VALUES (:from, :to, :amount, now());
      END;
      """;
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

  /** What a run measured. */
  record Result(double tps, long transactions) {
  }

  private PgBench() {
  }

  /** The pgbench binary, or null when it is not installed (Debian: postgresql-client). */
  static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "pgbench");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /**
   * The server's {@code fsync} and {@code synchronous_commit}, read from the server itself: the
   * comparison means something only when both are on.
   */
  static String durability(String serverUrl) throws SQLException {
    try (Connection connection = PostgresServer.connect(serverUrl, "postgres");
         Statement statement = connection.createStatement();
         ResultSet settings = statement.executeQuery("SELECT current_setting('fsync') AS fsync,"
             + " current_setting('synchronous_commit') AS synchronous_commit")) {
      settings.next();
      return "fsync=" + settings.getString("fsync") + ", synchronous_commit=" + settings.getString("synchronous_commit");
    }
  }

  /** Creates (afresh) the accounts and history tables in the pgbench database of the server at {@code serverUrl}. */
  static void prepare(String serverUrl, int accounts) throws SQLException {
    try (Connection admin = PostgresServer.connect(serverUrl, "postgres");
         Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
      statement.execute("CREATE DATABASE " + DATABASE);
    }
    try (Connection connection = PostgresServer.connect(serverUrl, DATABASE);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
      statement.execute("CREATE TABLE history (id bigserial PRIMARY KEY, from_id int NOT NULL, to_id int NOT NULL,"
          + " amount bigint NOT NULL, created_at timestamptz NOT NULL)");
      statement.execute("INSERT INTO accounts SELECT i, 1000000000 FROM generate_series(1, " + accounts + ") AS i");
      statement.execute("VACUUM ANALYZE accounts");
    }
  }

  static Result run(String serverUrl, int accounts, int clients, Duration duration) throws IOException, InterruptedException {
    URI server = URI.create(serverUrl);
    Path script = Files.createTempFile("pgbench-transfer-", ".sql");
    Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    List<String> command = List.of(binary(), "-n", "-M", "prepared", "-c", String.valueOf(clients), "-j", "2",
        "-T", String.valueOf(duration.toSeconds()), "-D", "accounts=" + accounts, "-f", script.toString(),
        "-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U", "postgres", DATABASE);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    Files.deleteIfExists(script);
    Matcher tps = TPS.matcher(output);
    Matcher processed = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(output);
    if (exit != 0 || !tps.find() || !processed.find()) {
      throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + output);
    }
    return new Result(Double.parseDouble(tps.group(1)), Long.parseLong(processed.group(1)));
  }
}
