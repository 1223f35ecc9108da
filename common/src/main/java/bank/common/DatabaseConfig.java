package bank.common;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

/**
 * The PostgreSQL a data service owns its schema in, from {@code PG_URL}
 * ({@code postgresql://user:password@host:port/database}), and its pool's bounds.
 */
public record DatabaseConfig(String url, PgConnectOptions connectOptions, int poolSize, int poolQueue) {

  public static DatabaseConfig from(JsonObject config) {
    String url = Settings.string(config, "PG_URL", null);
    if (url == null) {
      throw new ConfigException("PG_URL is not set: give the PostgreSQL URL, e.g. postgresql://user:password@host:5432/bank");
    }
    int poolSize = Settings.integer(config, "PG_POOL_SIZE", 8, 1, 200);
    int poolQueue = Settings.integer(config, "PG_POOL_QUEUE", 256, 0, 100_000);
    return of(url, poolSize, poolQueue);
  }

  public static DatabaseConfig of(String url) {
    return of(url, 8, 256);
  }

  private static DatabaseConfig of(String url, int poolSize, int poolQueue) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException("PG_URL must look like postgresql://user:password@host:port/database");
    }
    try {
      return new DatabaseConfig(url, PgConnectOptions.fromUri(url), poolSize, poolQueue);
    } catch (RuntimeException e) {
      throw new ConfigException("PG_URL is not a valid PostgreSQL URL: " + e.getMessage());
    }
  }

  /** Never print the password. */
  @Override
  public String toString() {
    return "postgresql://" + connectOptions.getUser() + "@" + connectOptions.getHost() + ":" + connectOptions.getPort()
        + "/" + connectOptions.getDatabase();
  }

  /** The same database as a JDBC URL, for Flyway. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }
}
