package bank.database;

import bank.common.BankIdentity;
import bank.common.ConfigException;
import bank.common.NodeConfig;
import bank.common.OpsServer;
import bank.common.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** The pool a service talks to its schema through, and the migrations that shape that schema. */
public final class Databases {

  private static final long DATABASE_TIMEOUT_MS = 1_500;

  /** Where a schema's repeatable migrations (its SQL functions, {@code R__*.sql}) live. */
  private static final String RULES = "db/rules/";
  /** Their history table: not {@code flyway_schema_history}, which the previous release validates. */
  private static final String RULES_HISTORY = "flyway_rules_history";

  private Databases() {
  }

  /**
   * One pool per service and node, shared by its verticle instances. Its wait queue is bounded:
   * past it a request fails at once instead of queueing without limit.
   */
  public static Pool pool(Vertx vertx, DatabaseConfig database, String name) {
    PoolOptions options = new PoolOptions()
        .setMaxSize(database.poolSize())
        .setMaxWaitQueueSize(database.poolQueue())
        .setShared(true)
        .setName(name);
    PgConnectOptions connect = new PgConnectOptions(database.connectOptions())
        // Each statement parsed and planned once per connection, not at every call: parsing and
        // planning were the largest part of PostgreSQL's CPU in a perf profile of ./bench.
        .setCachePreparedStatements(true)
        .addProperty("application_name", name)
        // A node that vanished mid-transaction (its socket never closed) must not hold account rows
        // or Idempotency-Key locks for hours: PostgreSQL ends such a transaction after 20 s.
        .addProperty("idle_in_transaction_session_timeout", "20s");
    return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
  }

  /** The {@code health} action of every data service: the database answers, or the service is unavailable. */
  public static Future<Reply> health(Pool pool) {
    return pool.query("SELECT 1").execute().map(rows -> Reply.of(new JsonObject().put("database", "UP")));
  }

  /**
   * Creates and migrates {@code schema} for the bank {@code NodeConfig.DEFAULT_CLUSTER_NAME}
   * ({@code bank}): what a node without BANK_ID and CLUSTER_NAME would record. For tests.
   */
  public static void migrate(DatabaseConfig database, String schema) {
    migrate(database, schema, NodeConfig.DEFAULT_CLUSTER_NAME);
  }

  /**
   * Creates and migrates {@code schema} with the scripts in {@code db/migration/<schema>}, for the
   * bank {@code bankId}. The migration that creates {@code <schema>.bank_identity} records the id
   * (Flyway's placeholder {@code ${bankId}}): in a new schema, at its first migration; in a schema
   * migrated before that table existed, when this node applies it. A schema that records another
   * bank is refused with a {@link ConfigException} naming BANK_ID, both ids and the schema, before any
   * pending migration is applied to it (and checked again after, in case another bank's node
   * migrated it first). Flyway holds a PostgreSQL advisory lock while it migrates, so nodes starting
   * together apply each script once. Blocking (JDBC): run it before deploying, never on an event loop.
   */
  public static void migrate(DatabaseConfig database, String schema, String bankId) {
    Flyway flyway = onSchema(database, schema)
        .createSchemas(true)
        .locations("classpath:db/migration/" + schema)
        // Checked: the id goes into SQL as it is.
        .placeholders(Map.of("bankId", BankIdentity.checked(bankId)))
        .load();
    checkIdentity(flyway, schema, bankId);
    flyway.migrate();
    checkIdentity(flyway, schema, bankId);
    migrateRules(database, schema);
  }

  /**
   * Applies the schema's repeatable migrations in {@code db/rules/<schema>}, when it has any, after
   * the versioned ones: the functions as this release defines them. They are recorded in a history
   * table of their own because a node of the previous release refuses to start on a schema whose
   * history holds a migration it does not know (Flyway's "Detected applied migration not resolved
   * locally", for any but a versioned migration from the future), which would make a rollback
   * impossible. The baseline is only the new table's first row: Flyway wants one in a schema that
   * has tables already.
   */
  private static void migrateRules(DatabaseConfig database, String schema) {
    if (Databases.class.getClassLoader().getResource(RULES + schema) == null) {
      return;
    }
    onSchema(database, schema)
        .table(RULES_HISTORY)
        .locations("classpath:" + RULES + schema)
        .baselineOnMigrate(true)
        .load()
        .migrate();
  }

  /** Flyway on the database of {@code database}, managing {@code schema} (and running with it as search_path). */
  private static FluentConfiguration onSchema(DatabaseConfig database, String schema) {
    return Flyway.configure()
        .dataSource(database.jdbcUrl(), database.connectOptions().getUser(), database.connectOptions().getPassword())
        .schemas(schema)
        .defaultSchema(schema);
  }

  /** The schema records {@code bankId}, or no bank yet (its identity table does not exist). */
  private static void checkIdentity(Flyway flyway, String schema, String bankId) {
    String table = schema + ".bank_identity";
    try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
         PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      exists.setString(1, table);
      try (ResultSet found = exists.executeQuery()) {
        if (!found.next() || !found.getBoolean(1)) {
          return;
        }
      }
      try (ResultSet recorded = connection.createStatement().executeQuery("SELECT bank_id FROM " + table)) {
        String owner = recorded.next() ? recorded.getString(1) : null;
        if (!bankId.equals(owner)) {
          throw new ConfigException(BankIdentity.SETTING + " is '" + bankId + "' but schema " + schema
              + " belongs to bank '" + owner + "' (recorded at its first migration): this database is another bank's;"
              + " point PG_URL at this bank's database, or set BANK_ID=" + owner + " if this node is of that bank");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
    }
  }

  /** The checks every clustered data service has: its database answers (its {@code health} action's query), and the node is a member of its cluster. */
  public static HealthChecks readiness(Vertx vertx, Pool pool) {
    return HealthChecks.create(vertx)
        .register("database", DATABASE_TIMEOUT_MS, promise -> Databases.health(pool)
            .onComplete(ok -> promise.tryComplete(Status.OK()),
                failure -> promise.tryComplete(Status.KO(new JsonObject().put("error", failure.getMessage())))))
        .register("cluster", promise -> promise.complete(OpsServer.clusterMembership(vertx)));
  }
}
