package bank.audit;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.postgres.PostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.flywaydb.core.Flyway;

/**
 * A trail database of a test's own, for tests that tamper with it or migrate it step by step, and
 * SQL sent to it straight, past the service, as someone with access to PostgreSQL would.
 */
final class TrailDatabase {

  private TrailDatabase() {
  }

  /** A new database with the audit schema fully migrated. Blocking. */
  static DatabaseConfig migrated() {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AuditVerticle.SCHEMA);
    return database;
  }

  /** A new database with the audit schema migrated up to {@code version} only. Blocking. */
  static DatabaseConfig migratedTo(String version) {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    // As Databases.migrate configures Flyway, with a target.
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.connectOptions().getUser(), database.connectOptions().getPassword())
        .schemas(AuditVerticle.SCHEMA)
        .defaultSchema(AuditVerticle.SCHEMA)
        .createSchemas(true)
        .locations("classpath:db/migration/" + AuditVerticle.SCHEMA)
        .target(version)
        .load()
        .migrate();
    return database;
  }

  /** Runs one statement on a connection of its own (the server's default search_path, as the service has). */
  static Future<RowSet<Row>> sql(Vertx vertx, DatabaseConfig database, String statement, Tuple arguments) {
    return sql(vertx, database, Map.of(), statement, arguments);
  }

  /** The same, in a session whose settings ({@code TimeZone}, {@code DateStyle}, ...) are given. */
  static Future<RowSet<Row>> sql(Vertx vertx, DatabaseConfig database, Map<String, String> settings, String statement,
      Tuple arguments) {
    PgConnectOptions session = new PgConnectOptions(database.connectOptions());
    settings.forEach(session::addProperty);
    Pool pool = PgBuilder.pool().connectingTo(session).using(vertx).build();
    return pool.preparedQuery(statement).execute(arguments).eventually(pool::close);
  }

  /** The chain as stored: seq, id, prevHash and hash of every event, in seq order. */
  static Future<List<JsonObject>> links(Vertx vertx, DatabaseConfig database) {
    return sql(vertx, database, "SELECT seq, id, prev_hash, hash FROM audit.events ORDER BY seq", Tuple.tuple())
        .map(rows -> StreamSupport.stream(rows.spliterator(), false)
            .map(row -> new JsonObject().put("seq", row.getLong("seq")).put("id", row.getString("id"))
                .put("prevHash", row.getString("prev_hash")).put("hash", row.getString("hash")))
            .toList());
  }
}
