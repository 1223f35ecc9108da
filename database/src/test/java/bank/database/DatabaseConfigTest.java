package bank.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.common.ConfigException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PG_URL and its TLS settings")
class DatabaseConfigTest {

  private static DatabaseConfig from(String url, String rootCert) {
    JsonObject settings = new JsonObject().put("PG_URL", url);
    if (rootCert != null) {
      settings.put("PG_SSL_ROOT_CERT", rootCert);
    }
    return DatabaseConfig.from(settings);
  }

  @Test
  @DisplayName("without sslmode, neither the pool nor Flyway uses TLS")
  void plain() {
    DatabaseConfig config = from("postgresql://bank:secret@db:5432/bank", null);
    assertThat(config.connectOptions().getSslMode()).isEqualTo(SslMode.DISABLE);
    assertThat(config.jdbcUrl()).as("the JDBC driver would prefer TLS by default").isEqualTo("jdbc:postgresql://db:5432/bank?sslmode=disable");
  }

  @Test
  @DisplayName("sslmode=require reaches the pool and Flyway's JDBC URL")
  void require() {
    DatabaseConfig config = from("postgresql://bank:secret@db:5432/bank?sslmode=require", null);
    assertThat(config.connectOptions().getSslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(config.connectOptions().getSslOptions().isTrustAll()).as("encrypted, not verified, as libpq does").isTrue();
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/bank?sslmode=require");
  }

  @Test
  @DisplayName("sslmode=verify-full needs the CA certificate, and then verifies the host name in the pool and in Flyway")
  void verifyFull() {
    assertThatThrownBy(() -> from("postgresql://bank:secret@db:5432/bank?sslmode=verify-full", null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PG_SSL_ROOT_CERT");
    DatabaseConfig config = from("postgresql://bank:secret@db:5432/bank?sslmode=verify-full", "/etc/bank/ca.pem");
    assertThat(config.connectOptions().getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(config.connectOptions().getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(config.connectOptions().getSslOptions().isTrustAll()).isFalse();
    assertThat(((PemTrustOptions) config.connectOptions().getSslOptions().getTrustOptions()).getCertPaths())
        .containsExactly("/etc/bank/ca.pem");
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/bank?sslmode=verify-full&sslrootcert=%2Fetc%2Fbank%2Fca.pem");
    assertThat(config.toString()).doesNotContain("secret");
  }
}
