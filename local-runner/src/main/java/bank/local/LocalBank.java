package bank.local;

import bank.common.BankIdentity;
import bank.postgres.PostgresServer;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bank as {@code ./run} starts it: a durable embedded PostgreSQL (unless a URL is given) and the
 * four services, each its own clustered JVM on loopback, in a cluster of this data directory's own
 * ({@link LocalIdentity}). Used by the run command and the benchmark. A plain class, not a verticle: it blocks.
 */
public final class LocalBank implements AutoCloseable {

  public static final List<String> SERVICES = List.of("audit-verticle", "account-verticle", "transfer-verticle", "api-gateway");
  /** The services a node of which can be added to a running bank ({@code ./run --add}). */
  public static final List<String> ADDABLE = List.of("audit-verticle", "account-verticle", "transfer-verticle");
  /**
   * What a node needs to join this bank (PG_URL, BANK_ID, CLUSTER_NAME), written in the data
   * directory once the bank is ready and removed when it stops: {@code ./run --add} reads it.
   */
  static final String RUNNING = "running.env";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  /**
   * How to start it. {@code pgUrl} null: an embedded server on {@code pgPort} with its data in
   * {@code data/postgres} and {@code postgresSettings} added to its configuration. {@code environment} is added to every node's
   * (a BANK_ID or CLUSTER_NAME there, or in this process's environment, wins over the data directory's identity);
   * {@code gatewayEnvironment} to the gateway's (its secret, ...).
   * {@code logs}: a directory for each node's output ({@code <service>.log}), or null to echo it,
   * each line prefixed with the service's name. {@code metricsPortBase}: each node's operations port
   * ({@code METRICS_PORT}) is this plus the node's place in {@link #SERVICES}; -1 for none.
   */
  public record Options(Path root, Path data, String pgUrl, int pgPort, Map<String, String> postgresSettings,
      int httpPort, Map<String, String> environment, Map<String, String> gatewayEnvironment, Path logs,
      int metricsPortBase) {
  }

  private final Options options;
  private final Map<String, Process> nodes = new LinkedHashMap<>();
  private PostgresServer postgres;
  private String databaseUrl;
  /** BANK_ID and CLUSTER_NAME as every node gets them. */
  private Map<String, String> identity = Map.of();
  /** Whether this started the bank (and so wrote {@link #RUNNING}), rather than joined it. */
  private boolean owner;

  public LocalBank(Options options) {
    this.options = options;
  }

  /**
   * Starts the database and the nodes, and returns once the gateway's readiness answers 200. On a
   * failure what did start keeps running until {@link #close()}.
   */
  public LocalBank start() throws Exception {
    String bankId = LocalIdentity.of(options.data());
    identity = LocalIdentity.environment(bankId, name -> options.environment().getOrDefault(name, System.getenv(name)));
    databaseUrl = options.pgUrl();
    if (databaseUrl == null || databaseUrl.isBlank()) {
      databaseUrl = startEmbeddedPostgres(options.data().resolve("postgres"), options.pgPort());
    } else {
      LocalRunner.say("using PostgreSQL from PG_URL");
    }
    for (String service : SERVICES) {
      nodes.put(service, startNode(service));
    }
    waitUntilReady(gateway() + "/health/ready");
    owner = true;
    writeRunning();
    return this;
  }

  /**
   * The bank that a {@code ./run} with this data directory is running, to add nodes to it
   * ({@link #add}); an {@link IllegalStateException} saying so when none is.
   */
  public static LocalBank joining(Path root, Path data) throws IOException {
    Path file = data.resolve(RUNNING);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no ./run is running with its data in " + data + ": start it first, then add nodes to it");
    }
    Map<String, String> running = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        running.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    LocalBank bank = new LocalBank(new Options(root, data, running.get("PG_URL"), -1, Map.of(),
        Integer.parseInt(running.get("HTTP_PORT")), Map.of(), Map.of(), null, -1));
    bank.databaseUrl = running.get("PG_URL");
    bank.identity = Map.of(BankIdentity.SETTING, running.get(BankIdentity.SETTING), "CLUSTER_NAME", running.get("CLUSTER_NAME"));
    return bank;
  }

  /** Starts one more node of {@code service} (one of {@link #ADDABLE}) in this bank; it runs until {@link #close()}. */
  public Process add(String service) throws IOException {
    if (!ADDABLE.contains(service)) {
      throw new IllegalArgumentException("a node of " + String.join(", ", ADDABLE) + " can be added, not " + service);
    }
    Process node = startNode(service);
    nodes.put(service + "-" + node.pid(), node);
    return node;
  }

  private void writeRunning() throws IOException {
    // It holds the database's password.
    LocalRunner.writePrivately(options.data().resolve(RUNNING), "PG_URL=" + databaseUrl + "\n" + BankIdentity.SETTING
        + "=" + bankId() + "\nCLUSTER_NAME=" + clusterName() + "\nHTTP_PORT=" + options.httpPort() + "\n");
  }

  /** The gateway's base URL. */
  public String gateway() {
    return "http://localhost:" + options.httpPort();
  }

  /** The bank's id, as its nodes have it (BANK_ID). */
  public String bankId() {
    return setting(BankIdentity.SETTING);
  }

  /** The bank's Hazelcast cluster, as its nodes have it (CLUSTER_NAME). */
  public String clusterName() {
    return setting("CLUSTER_NAME");
  }

  private String setting(String name) {
    return identity.getOrDefault(name, options.environment().getOrDefault(name, System.getenv(name)));
  }

  /** The bank's database, in the PG_URL form. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** The embedded server's data directory, or null with an external PostgreSQL. */
  public Path postgresDirectory() {
    return postgres == null ? null : options.data().resolve("postgres");
  }

  /** The node processes by service name. */
  public Map<String, Process> nodes() {
    return nodes;
  }

  /** Waits for the nodes to exit (they run until stopped). */
  public void awaitExit() throws InterruptedException {
    for (Process node : nodes.values()) {
      node.waitFor();
    }
  }

  private String startEmbeddedPostgres(Path directory, int port) throws IOException, SQLException {
    Files.createDirectories(directory);
    LocalRunner.say("starting PostgreSQL 17 on port %d, data in %s", port, directory);
    postgres = PostgresServer.durable(directory, port, options.postgresSettings());
    String server = postgres.url();
    try (Connection connection = PostgresServer.connect(server);
         ResultSet found = connection.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bank'")) {
      if (!found.next()) {
        connection.createStatement().execute("CREATE DATABASE bank");
      }
    }
    return server.substring(0, server.lastIndexOf('/')) + "/bank";
  }

  private Process startNode(String service) throws IOException {
    Path jar = fatJar(service);
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC"));
    if (service.equals("api-gateway")) {
      // vertx-json-schema's validating method is 9290 bytes of bytecode, over HotSpot's 8000-byte
      // limit for compiling: without this it runs interpreted on every request (see the README).
      command.add("-XX:-DontCompileHugeMethods");
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.putAll(options.environment());
    environment.putAll(identity);
    environment.put("PG_URL", databaseUrl);
    environment.put("HTTP_PORT", String.valueOf(options.httpPort()));
    if (options.metricsPortBase() >= 0) {
      environment.put("METRICS_PORT", String.valueOf(options.metricsPortBase() + SERVICES.indexOf(service)));
    }
    if (service.equals("api-gateway")) {
      environment.putAll(options.gatewayEnvironment());
    }
    if (options.logs() != null) {
      Files.createDirectories(options.logs());
      builder.redirectOutput(options.logs().resolve(service + ".log").toFile());
    }
    Process process = builder.start();
    if (options.logs() == null) {
      Thread output = new Thread(() -> prefix(service, process), service + "-output");
      output.setDaemon(true);
      output.start();
    }
    LocalRunner.say("started %s (pid %d)", service, process.pid());
    return process;
  }

  private Path fatJar(String service) {
    return Repository.newestFatJar(options.root().resolve(service).resolve("target"))
        .orElseThrow(() -> new IllegalStateException("no fat jar for " + service + ": run mvn -B package -DskipTests"));
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
      if (nodes.values().stream().anyMatch(node -> !node.isAlive())) {
        throw new IllegalStateException("a node exited during start-up: see its output"
            + (options.logs() == null ? " above" : " in " + options.logs()));
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the gateway was not ready within " + READY_TIMEOUT.toSeconds() + " s");
  }

  /** SIGTERM to every node (each drains and leaves the cluster), then the database. */
  @Override
  public void close() {
    if (owner) {
      try {
        Files.deleteIfExists(options.data().resolve(RUNNING));
      } catch (IOException e) {
        LocalRunner.say("could not remove %s: %s", options.data().resolve(RUNNING), e.getMessage());
      }
    }
    nodes.values().forEach(Process::destroy);
    for (Process node : nodes.values()) {
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
      postgres = null;
    }
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

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
