package bank.local;

import bank.testing.PostgresServer;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
    for (String service : SERVICES) {
      nodes.add(startNode(service, pgUrl));
    }
    String gateway = "http://localhost:" + httpPort;
    waitUntilReady(gateway + "/health/ready");
    say("ready in %.1f s: %s", (System.nanoTime() - started) / 1e9, gateway);
    say("try:  curl -s -X POST %s/accounts -H 'Content-Type: application/json' -d '{\"owner\":\"ann\",\"currency\":\"EUR\"}'", gateway);
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

  private Process startNode(String service, String pgUrl) throws IOException {
    Path jar = fatJar(service);
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("PG_URL", pgUrl);
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
