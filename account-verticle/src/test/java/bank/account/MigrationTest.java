package bank.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.common.ConfigException;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Schema migrations")
class MigrationTest {

  @Test
  @DisplayName("four nodes migrating one empty database at once apply each migration exactly once")
  void concurrentMigrations() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    ExecutorService nodes = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> starts = IntStream.range(0, 4).<Callable<Void>>mapToObj(i -> () -> {
        Databases.migrate(database, AccountVerticle.SCHEMA);
        return null;
      }).toList();
      for (Future<Void> start : nodes.invokeAll(starts)) {
        start.get();
      }
    } finally {
      nodes.shutdown();
    }
    try (Connection connection = connect(database);
         ResultSet applied = connection.createStatement().executeQuery(
             "SELECT count(*) AS runs, count(DISTINCT version) AS versions FROM account.flyway_schema_history"
                 + " WHERE version IS NOT NULL AND success")) {
      applied.next();
      assertThat(applied.getInt("runs")).isEqualTo(applied.getInt("versions")).isPositive();
    }
    assertThat(rulesApplied(database)).as("runs of the money rules").isEqualTo(1);
  }

  @Test
  @DisplayName("the money rules are a repeatable migration with a history of its own, so a node of the previous release still validates the schema")
  void rulesApartFromTheVersionedHistory() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AccountVerticle.SCHEMA, "bank-a");
    Databases.migrate(database, AccountVerticle.SCHEMA, "bank-a");

    assertThat(rulesApplied(database)).as("runs of the money rules, after two migrations").isEqualTo(1);
    try (Connection connection = connect(database);
         ResultSet repeatable = connection.createStatement().executeQuery(
             "SELECT count(*) FROM account.flyway_schema_history WHERE version IS NULL AND type = 'SQL'")) {
      repeatable.next();
      assertThat(repeatable.getInt(1)).as("repeatable migrations in the versioned history").isZero();
    }
    // What a node of 0.1.0 does at start: its versioned migrations only, Flyway's default validation.
    Flyway previousRelease = versionedOnly(database).placeholders(Map.of("bankId", "bank-a")).load();
    assertThat(previousRelease.validateWithResult().validationSuccessful).isTrue();
  }

  @Test
  @DisplayName("the schema records the bank's id at its first migration, and migrating it again as that bank is fine")
  void recordsTheBank() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AccountVerticle.SCHEMA, "bank-a");
    Databases.migrate(database, AccountVerticle.SCHEMA, "bank-a");
    assertThat(recordedBank(database)).isEqualTo("bank-a");
  }

  @Test
  @DisplayName("a node of another bank is refused with one line naming BANK_ID, both ids and the schema")
  void refusesAnotherBank() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AccountVerticle.SCHEMA, "bank-a");
    int applied = appliedMigrations(database);
    assertThatThrownBy(() -> Databases.migrate(database, AccountVerticle.SCHEMA, "bank-b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BANK_ID is 'bank-b' but schema account belongs to bank 'bank-a'")
        .satisfies(refusal -> assertThat(refusal.getMessage()).doesNotContain("\n"));
    assertThat(recordedBank(database)).isEqualTo("bank-a");
    assertThat(appliedMigrations(database)).isEqualTo(applied);
  }

  @Test
  @DisplayName("a schema migrated before banks had ids records the id of the node that upgrades it")
  void upgradedSchemaRecordsTheUpgradingBank() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    versionedOnly(database).createSchemas(true).target("5").load().migrate();
    Databases.migrate(database, AccountVerticle.SCHEMA, "upgraded.bank_1");
    assertThat(recordedBank(database)).isEqualTo("upgraded.bank_1");
    assertThatThrownBy(() -> Databases.migrate(database, AccountVerticle.SCHEMA, "bank")).isInstanceOf(ConfigException.class);
  }

  @Test
  @DisplayName("an id that is not 1 to 64 of A-Z a-z 0-9 . _ - never reaches the SQL")
  void invalidId() {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    assertThatThrownBy(() -> Databases.migrate(database, AccountVerticle.SCHEMA, "x'); DROP TABLE accounts; --"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BANK_ID must be 1 to 64 characters");
  }

  /** Flyway on the account schema's versioned migrations alone, as a node of an earlier release runs it. */
  private static FluentConfiguration versionedOnly(DatabaseConfig database) {
    return Flyway.configure()
        .dataSource(database.jdbcUrl(), database.connectOptions().getUser(), database.connectOptions().getPassword())
        .schemas(AccountVerticle.SCHEMA).defaultSchema(AccountVerticle.SCHEMA)
        .locations("classpath:db/migration/" + AccountVerticle.SCHEMA);
  }

  private static String recordedBank(DatabaseConfig database) throws SQLException {
    try (Connection connection = connect(database);
         ResultSet rows = connection.createStatement().executeQuery("SELECT bank_id FROM account.bank_identity")) {
      assertThat(rows.next()).as("a row in account.bank_identity").isTrue();
      String bankId = rows.getString(1);
      assertThat(rows.next()).as("a second row in account.bank_identity").isFalse();
      return bankId;
    }
  }

  /** The successful runs of the money rules (R__money_rules.sql) in their own history. */
  private static int rulesApplied(DatabaseConfig database) throws SQLException {
    try (Connection connection = connect(database);
         ResultSet rows = connection.createStatement().executeQuery(
             "SELECT count(*) FROM account.flyway_rules_history WHERE script = 'R__money_rules.sql' AND success")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static int appliedMigrations(DatabaseConfig database) throws SQLException {
    try (Connection connection = connect(database);
         ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM account.flyway_schema_history")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static Connection connect(DatabaseConfig database) throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.connectOptions().getUser(),
        database.connectOptions().getPassword());
  }
}
