package bank.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.postgres.PostgresServer;
import bank.testing.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code PG_URL}'s sslmode against a real PostgreSQL that accepts TLS connections only, with a
 * certificate for {@code localhost} signed by an authority of the test's own. Both roads to the
 * database are checked: Flyway's JDBC connection (the migrations) and the Vert.x pool.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A PostgreSQL that requires TLS")
class DatabaseTlsTest {

  private static TestCertificates authority;
  private static TestCertificates foreign;
  private static PostgresServer server;
  private static int port;

  @BeforeAll
  static void startServer() {
    authority = TestCertificates.authority("localhost");
    foreign = TestCertificates.authority("localhost");
    server = PostgresServer.tlsOnly(authority.certificatePem("localhost"), authority.privateKeyPem("localhost"));
    port = URI.create(server.url()).getPort();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  @DisplayName("sslmode=verify-full with the authority's certificate migrates the schema and serves the pool, both over TLS")
  void verifyFull(Vertx vertx) throws Exception {
    DatabaseConfig database = config("localhost", "verify-full", authority);
    Databases.migrate(database, AccountVerticle.SCHEMA);
    assertThat(usesTls(vertx, database)).isTrue();
  }

  @Test
  @DisplayName("sslmode=require encrypts without a certificate to check against, as libpq does")
  void require(Vertx vertx) throws Exception {
    DatabaseConfig database = config("127.0.0.1", "require", null);
    Databases.migrate(database, AccountVerticle.SCHEMA);
    assertThat(usesTls(vertx, database)).isTrue();
  }

  @Test
  @DisplayName("without sslmode the server refuses both the migrations and the pool: the test server really requires TLS")
  void plainIsRefused(Vertx vertx) {
    DatabaseConfig database = DatabaseConfig.of(url("localhost", null));
    assertThatThrownBy(() -> Databases.migrate(database, AccountVerticle.SCHEMA)).hasStackTraceContaining("no encryption");
    assertThatThrownBy(() -> usesTls(vertx, database)).hasMessageContaining("no encryption");
  }

  @Test
  @DisplayName("sslmode=verify-full refuses a server whose certificate another authority signed")
  void foreignAuthorityIsRefused(Vertx vertx) {
    DatabaseConfig database = config("localhost", "verify-full", foreign);
    assertThatThrownBy(() -> Databases.migrate(database, AccountVerticle.SCHEMA)).hasStackTraceContaining("PKIX path");
    assertThatThrownBy(() -> usesTls(vertx, database)).hasMessageContaining("SSL handshake failed");
  }

  @Test
  @DisplayName("sslmode=verify-full refuses a server reached by a name its certificate does not carry; verify-ca accepts it")
  void hostNameIsChecked(Vertx vertx) throws Exception {
    DatabaseConfig byAddress = config("127.0.0.1", "verify-full", authority);
    assertThatThrownBy(() -> Databases.migrate(byAddress, AccountVerticle.SCHEMA)).hasStackTraceContaining("127.0.0.1");
    assertThatThrownBy(() -> usesTls(vertx, byAddress)).hasMessageContaining("SSL handshake failed");
    assertThat(usesTls(vertx, config("127.0.0.1", "verify-ca", authority))).isTrue();
  }

  private static DatabaseConfig config(String host, String sslMode, TestCertificates trusted) {
    JsonObject settings = new JsonObject().put("PG_URL", url(host, sslMode));
    if (trusted != null) {
      settings.put("PG_SSL_ROOT_CERT", trusted.authorityPem().toString());
    }
    return DatabaseConfig.from(settings);
  }

  private static String url(String host, String sslMode) {
    return "postgresql://postgres:postgres@" + host + ":" + port + "/postgres" + (sslMode == null ? "" : "?sslmode=" + sslMode);
  }

  /** Whether the pool's connection is a TLS one, as the server sees it. */
  private static boolean usesTls(Vertx vertx, DatabaseConfig database) throws Exception {
    Pool pool = Databases.pool(vertx, database, "tls-test");
    try {
      return pool.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").execute()
          .map(rows -> rows.iterator().next().getBoolean("ssl"))
          .await(20, TimeUnit.SECONDS);
    } finally {
      pool.close().await(20, TimeUnit.SECONDS);
    }
  }
}
