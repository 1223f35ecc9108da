package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bank.postgres.PostgresServer;
import bank.testing.TestCertificates;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the real fat jars (built by the package phase of `mvn verify`) with bad settings. */
@DisplayName("A node with a missing or bad setting")
class ConfigurationErrorTest {

  @Test
  @DisplayName("a data service without PG_URL refuses to start with one line naming it, and exit code 2")
  void missingDatabaseUrl() throws Exception {
    Result result = run("account-verticle", Map.of());
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output.lines().filter(line -> line.contains("PG_URL"))).hasSize(1);
  }

  @Test
  @DisplayName("with LOG_FORMAT=json every line is a JSON object, the refusal naming PG_URL among them")
  void jsonLogs() throws Exception {
    Result result = run("account-verticle", Map.of("LOG_FORMAT", "json"));
    assertThat(result.exitCode).isEqualTo(2);
    List<JsonObject> lines = result.output.lines().filter(line -> !line.isBlank()).map(JsonObject::new).toList();
    assertThat(lines).filteredOn(line -> line.getString("message").contains("PG_URL")).singleElement()
        .satisfies(line -> assertThat(line.getString("level")).isEqualTo("ERROR"));
  }

  @Test
  @DisplayName("a node with an unknown LOG_FORMAT refuses to start, naming it, rather than log nothing")
  void unknownLogFormat() throws Exception {
    Result result = run("audit-verticle", Map.of("LOG_FORMAT", "xml"));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("LOG_FORMAT must be text or json, got 'xml'");
  }

  @Test
  @DisplayName("a gateway with a non-numeric HTTP_PORT refuses to start, naming HTTP_PORT")
  void badPort() throws Exception {
    Result result = run("api-gateway", Map.of("HTTP_PORT", "eighty"));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("HTTP_PORT must be an integer");
  }

  @Test
  @DisplayName("a gateway with no token key refuses to start, naming AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY and AUTH=off")
  void noTokenKey() throws Exception {
    Result result = run("api-gateway", Map.of());
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output.lines().filter(line -> line.contains("AUTH_JWT_SECRET"))).singleElement()
        .satisfies(line -> assertThat(line).contains("AUTH_JWT_PUBLIC_KEY", "AUTH=off"));
  }

  @Test
  @DisplayName("a gateway with an HS256 secret shorter than 32 bytes refuses to start")
  void shortSecret() throws Exception {
    Result result = run("api-gateway", Map.of("AUTH_JWT_SECRET", "too-short"));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("AUTH_JWT_SECRET must be at least 32 bytes").doesNotContain("too-short");
  }

  @Test
  @DisplayName("a node whose event-bus keystore does not open with its password refuses to start, naming CLUSTER_TLS_KEYSTORE and not the password")
  void wrongKeyStorePassword() throws Exception {
    Result result = run("audit-verticle", Map.of(
        "CLUSTER_TLS_KEYSTORE", BankCluster.CERTIFICATES.keyStore("audit").toString(),
        "CLUSTER_TLS_KEYSTORE_PASSWORD", "not-the-password",
        "CLUSTER_TLS_TRUSTSTORE", BankCluster.CERTIFICATES.trustStore().toString()));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output.lines().filter(line -> line.contains("CLUSTER_TLS_KEYSTORE: cannot open"))).hasSize(1);
    assertThat(result.output).doesNotContain("not-the-password");
  }

  @Test
  @DisplayName("a node with a keystore but no truststore refuses to start rather than run half-secured")
  void keyStoreWithoutTrustStore() throws Exception {
    Result result = run("audit-verticle", Map.of(
        "CLUSTER_TLS_KEYSTORE", BankCluster.CERTIFICATES.keyStore("audit").toString(),
        "CLUSTER_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD));
    assertThat(result.exitCode).isEqualTo(2);
    assertThat(result.output).contains("CLUSTER_TLS_KEYSTORE and CLUSTER_TLS_TRUSTSTORE go together");
  }

  @Test
  @DisplayName("a gateway whose HTTP_PORT is taken refuses to start with one line naming HTTP_PORT and the port, no stack trace")
  void httpPortTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
      Result result = run("api-gateway", Map.of("AUTH", "off", "HTTP_PORT", String.valueOf(taken.getLocalPort()),
          "CLUSTER_NAME", "bank-port-taken-" + ProcessHandle.current().pid()));
      assertThat(result.exitCode).isEqualTo(2);
      assertThat(result.output.lines().filter(line -> line.contains("cannot start: HTTP_PORT " + taken.getLocalPort()
          + " on HTTP_HOST 0.0.0.0 cannot be used"))).hasSize(1);
      assertThat(result.output).doesNotContain("\tat ");
    }
  }

  @Test
  @DisplayName("a service whose METRICS_PORT is taken refuses to start, naming METRICS_PORT and the port, before it publishes any record")
  void metricsPortTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Result result = run("audit-verticle", Map.of("PG_URL", PostgresServer.forTests().newDatabase(),
          "METRICS_PORT", String.valueOf(taken.getLocalPort()),
          "CLUSTER_NAME", "bank-port-taken-" + ProcessHandle.current().pid()));
      assertThat(result.exitCode).isEqualTo(2);
      assertThat(result.output.lines().filter(line -> line.contains("cannot start: METRICS_PORT " + taken.getLocalPort()
          + " on METRICS_HOST 127.0.0.1 cannot be used"))).hasSize(1);
      assertThat(result.output).doesNotContain("\tat ").doesNotContain("published audit-service");
    }
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(String module, Map<String, String> settings) throws IOException, InterruptedException {
    Path target = Path.of("..", module, "target");
    assumeTrue(Files.isDirectory(target), "the fat jars are built by mvn verify / package");
    Path jar;
    try (Stream<Path> files = Files.list(target)) {
      jar = files.filter(file -> file.toString().endsWith("-fat.jar")).findFirst().orElse(null);
    }
    assumeTrue(jar != null, "the fat jars are built by mvn verify / package");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-jar", jar.toString()).redirectErrorStream(true);
    List.of("PG_URL", "LOG_FORMAT", "AUTH", "AUTH_JWT_SECRET", "AUTH_JWT_PUBLIC_KEY", "CLUSTER_TLS_KEYSTORE", "CLUSTER_TLS_KEYSTORE_PASSWORD",
        "CLUSTER_TLS_TRUSTSTORE", "CLUSTER_TLS_TRUSTSTORE_PASSWORD").forEach(builder.environment()::remove);
    builder.environment().putAll(settings);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(module + " did not exit");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
