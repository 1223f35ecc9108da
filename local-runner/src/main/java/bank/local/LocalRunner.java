package bank.local;

import bank.testing.PostgresServer;
import bank.testing.Tokens;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local run command: a durable embedded PostgreSQL (unless {@code PG_URL} is set) and the four
 * services, each its own clustered JVM on loopback. Ctrl-C stops everything it started.
 * A plain program, not a verticle: it may block.
 */
public final class LocalRunner {

  private static final List<String> SERVICES = List.of("audit-verticle", "account-verticle", "transfer-verticle", "api-gateway");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Path root = Path.of("").toAbsolutePath();
  private final List<Process> nodes = new ArrayList<>();
  private PostgresServer postgres;

  public static void main(String[] args) throws Exception {
    new LocalRunner().run(List.of(args).contains("--fresh"));
  }

  private void run(boolean fresh) throws Exception {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "stop-local-bank"));
    Path data = Path.of(env("BANK_DATA_DIR", root.resolve("data").toString()));
    if (fresh) {
      deleteRecursively(data);
    }
    String pgUrl = System.getenv("PG_URL");
    if (pgUrl == null || pgUrl.isBlank()) {
      pgUrl = startEmbeddedPostgres(data.resolve("postgres"), Integer.parseInt(env("LOCAL_PG_PORT", "54329")));
    } else {
      say("using PostgreSQL from PG_URL");
    }
    String httpPort = env("HTTP_PORT", "8080");
    String secret = tokenSecret();
    for (String service : SERVICES) {
      nodes.add(startNode(service, pgUrl, secret));
    }
    String gateway = "http://localhost:" + httpPort;
    waitUntilReady(gateway + "/health/ready");
    say("ready in %.1f s: %s", (System.nanoTime() - started) / 1e9, gateway);
    if (secret != null) {
      printTokens(secret, data);
    }
    say("try:  curl -s -X POST %s/accounts -H \"Authorization: Bearer $ADMIN_TOKEN\" -H 'Content-Type: application/json' -d '{\"owner\":\"ann\",\"currency\":\"EUR\"}'", gateway);
    say("data stays in %s between runs; start afresh with ./run --fresh. Ctrl-C stops everything.", data);
    for (Process node : nodes) {
      node.waitFor();
    }
  }

  private String startEmbeddedPostgres(Path directory, int port) throws IOException, SQLException {
    Files.createDirectories(directory);
    say("starting PostgreSQL 17 on port %d, data in %s", port, directory);
    postgres = PostgresServer.durable(directory, port);
    String server = postgres.url();
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
         ResultSet found = connection.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bank'")) {
      if (!found.next()) {
        connection.createStatement().execute("CREATE DATABASE bank");
      }
    }
    return server.substring(0, server.lastIndexOf('/')) + "/bank";
  }

  /**
   * The HS256 secret the gateway verifies tokens with: AUTH_JWT_SECRET when given, a random one for
   * this run when no token setting is given at all, or null when the caller configured tokens
   * another way (a public key, or AUTH=off) and no token can be minted here.
   */
  private static String tokenSecret() {
    String given = System.getenv("AUTH_JWT_SECRET");
    if (given != null && !given.isBlank()) {
      return given;
    }
    if (System.getenv("AUTH_JWT_PUBLIC_KEY") != null || System.getenv("AUTH") != null) {
      return null;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** A token per role, valid for this run's 12 hours, printed and written to data/tokens.env. */
  private static void printTokens(String secret, Path data) throws IOException {
    StringBuilder exports = new StringBuilder();
    for (String[] caller : new String[][] {{"ADMIN", "admin", "admin"}, {"CUSTOMER", "ann", "customer"},
        {"TELLER", "tom", "teller"}, {"AUDITOR", "alice", "auditor"}}) {
      JsonObject claims = Tokens.claims(caller[1], caller[2])
          .put("exp", Instant.now().plus(Duration.ofHours(12)).getEpochSecond());
      exports.append("export ").append(caller[0]).append("_TOKEN=").append(Tokens.hs256(secret, claims)).append('\n');
    }
    Files.createDirectories(data);
    Path file = data.resolve("tokens.env");
    Files.writeString(file, exports.toString());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    say("tokens for this run (sub and role: admin/admin, ann/customer, tom/teller, alice/auditor; 12 h),"
        + " also in %s (source it):%n%s", file, exports.toString().strip());
  }

  private Process startNode(String service, String pgUrl, String secret) throws IOException {
    Path jar = fatJar(service);
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("PG_URL", pgUrl);
    if (secret != null && service.equals("api-gateway")) {
      environment.put("AUTH_JWT_SECRET", secret);
    }
    Process process = builder.start();
    Thread output = new Thread(() -> prefix(service, process), service + "-output");
    output.setDaemon(true);
    output.start();
    say("started %s (pid %d)", service, process.pid());
    return process;
  }

  private Path fatJar(String service) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(service).resolve("target"))) {
      return files.filter(file -> file.getFileName().toString().endsWith("-fat.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no fat jar for " + service + ": run mvn -B package -DskipTests"));
    }
  }

  private void waitUntilReady(String url) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // The gateway is not listening yet.
      }
      if (nodes.stream().anyMatch(node -> !node.isAlive())) {
        throw new IllegalStateException("a node exited during start-up: see its output above");
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the gateway was not ready within " + READY_TIMEOUT.toSeconds() + " s");
  }

  /** SIGTERM to every node (each drains and leaves the cluster), then the database. */
  private void stopAll() {
    say("stopping");
    nodes.forEach(Process::destroy);
    for (Process node : nodes) {
      try {
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      } catch (InterruptedException e) {
        node.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
    say("stopped");
  }

  private static void prefix(String service, Process process) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        System.out.println("[" + service + "] " + line);
      }
    } catch (IOException closed) {
      // The node stopped.
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String env(String name, String defaultValue) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? defaultValue : value;
  }

  private static void say(String format, Object... args) {
    System.out.println("[bank] " + String.format(format, args));
  }
}
