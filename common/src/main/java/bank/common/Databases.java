package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** The pool a service talks to its schema through, and the migrations that shape that schema. */
public final class Databases {

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
   * Creates and migrates {@code schema} with the scripts in {@code db/migration/<schema>}.
   * Flyway holds a PostgreSQL advisory lock while it migrates, so nodes starting together apply each
   * script once. Blocking (JDBC): run it before deploying, never on an event loop.
   */
  public static void migrate(DatabaseConfig database, String schema) {
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.connectOptions().getUser(), database.connectOptions().getPassword())
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations("classpath:db/migration/" + schema)
        .load()
        .migrate();
  }
}
