package bank.database;

import bank.common.ConfigException;
import bank.common.Settings;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The PostgreSQL a data service owns its schema in, from {@code PG_URL}
 * ({@code postgresql://user:password@host:port/database}, optionally {@code ?sslmode=require} or
 * {@code verify-ca} / {@code verify-full} with the CA certificate in {@code PG_SSL_ROOT_CERT}), and
 * its pool's bounds. The same TLS settings reach the pool and Flyway's JDBC connection.
 */
public record DatabaseConfig(String url, PgConnectOptions connectOptions, int poolSize, int poolQueue) {

  public static DatabaseConfig from(JsonObject config) {
    String url = Settings.string(config, "PG_URL", null);
    if (url == null) {
      throw new ConfigException("PG_URL is not set: give the PostgreSQL URL, e.g. postgresql://user:password@host:5432/bank");
    }
    int poolSize = Settings.integer(config, "PG_POOL_SIZE", 8, 1, 200);
    int poolQueue = Settings.integer(config, "PG_POOL_QUEUE", 256, 0, 100_000);
    return of(url, Settings.string(config, "PG_SSL_ROOT_CERT", null), poolSize, poolQueue);
  }

  public static DatabaseConfig of(String url) {
    return of(url, null, 8, 256);
  }

  static DatabaseConfig of(String url, String rootCert, int poolSize, int poolQueue) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new ConfigException("PG_URL must look like postgresql://user:password@host:port/database");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new ConfigException("PG_URL is not a valid PostgreSQL URL: " + e.getMessage());
    }
    SslMode mode = options.getSslMode();
    boolean verifies = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL;
    if (verifies && rootCert == null) {
      throw new ConfigException("PG_SSL_ROOT_CERT must name the CA certificate (PEM) for sslmode=" + mode.value);
    }
    if (mode != SslMode.DISABLE) {
      ClientSSLOptions ssl = options.getSslOptions() == null ? new ClientSSLOptions() : options.getSslOptions();
      if (rootCert != null) {
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(rootCert));
      } else {
        // As libpq does for require (and allow, prefer) without a root certificate: encrypt, do not verify.
        ssl.setTrustAll(true);
      }
      if (mode == SslMode.VERIFY_FULL) {
        ssl.setHostnameVerificationAlgorithm("HTTPS");
      }
      options.setSslOptions(ssl);
    }
    return new DatabaseConfig(url, options, poolSize, poolQueue);
  }

  /** Never print the password. */
  @Override
  public String toString() {
    return "postgresql://" + connectOptions.getUser() + "@" + connectOptions.getHost() + ":" + connectOptions.getPort()
        + "/" + connectOptions.getDatabase();
  }

  /** The same database, with the same sslmode and CA certificate, as a JDBC URL, for Flyway. */
  public String jdbcUrl() {
    String url = "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
        + connectOptions.getDatabase();
    // Always explicit: the JDBC driver's own default is "prefer" (TLS when the server offers it),
    // the pool's is "disable", and the two must agree.
    SslMode mode = connectOptions.getSslMode() == null ? SslMode.DISABLE : connectOptions.getSslMode();
    url += "?sslmode=" + mode.value;
    ClientSSLOptions ssl = connectOptions.getSslOptions();
    if (ssl != null && ssl.getTrustOptions() instanceof PemTrustOptions trust && !trust.getCertPaths().isEmpty()) {
      url += "&sslrootcert=" + URLEncoder.encode(trust.getCertPaths().get(0), StandardCharsets.UTF_8);
    }
    return url;
  }
}
