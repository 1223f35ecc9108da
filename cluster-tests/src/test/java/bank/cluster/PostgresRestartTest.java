package bank.cluster;

import bank.postgres.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("PostgreSQL stopped for 5 s and started again while clients make keyed deposits")
class PostgresRestartTest {

  private static final int CLIENTS = 4;
  /** The outage, and the load before and after it: the point of the test, not waits. */
  private static final long OUTAGE_MS = 5_000;
  private static final long LOAD_AROUND_MS = 3_000;
  private static final Duration READY_AGAIN_WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("pg-restart");
  private static Path dataDirectory;
  private static int port;
  /** The running server; {@code null} while it is stopped. */
  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    dataDirectory = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "pg-restart-");
    port = ProcessCluster.freePort();
    postgres = PostgresServer.durable(dataDirectory, port);
    Runtime.getRuntime().addShutdownHook(new Thread(PostgresRestartTest::stopQuietly, "pg-restart-stop"));
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE bank");
    }
    String server = postgres.url();
    cluster.preferSeparateAddresses().usePostgres(server.substring(0, server.lastIndexOf('/')) + "/bank");
    cluster.startAll(Map.of(Service.AUDIT, 1, Service.ACCOUNT, 1, Service.TRANSFER, 1, Service.GATEWAY, 1));
  }

  /**
   * After the nodes, the server and its data (a shutdown hook does it too, should the JVM stop
   * first: the server is no child of this JVM).
   */
  @AfterAll
  static synchronized void stopPostgres() throws IOException {
    cluster.killAll();
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
    if (dataDirectory != null && Files.exists(dataDirectory)) {
      try (Stream<Path> files = Files.walk(dataDirectory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static void stopQuietly() {
    try {
      stopPostgres();
    } catch (IOException | RuntimeException e) {
      System.err.println("could not stop PostgreSQL or delete " + dataDirectory + ": " + e);
    }
  }

  @Test
  @DisplayName("readiness turns 503 with each database DOWN during the outage and 200 within 30 s after it, no node restarts, and no deposit answered 201 is lost")
  void restartPostgres() throws Exception {
    Node gatewayNode = cluster.live(Service.GATEWAY).get(0);
    Bank bank = new Bank(gatewayNode.http);
    String account = bank.openAccount("ann");
    List<Node> nodes = Service.stream().flatMap(service -> cluster.live(service).stream()).toList();

    Http load = new Http(gatewayNode.http.base());
    List<KeyedClient.Outcome> deposits = new CopyOnWriteArrayList<>();
    AtomicLong sequence = new AtomicLong();
    Workers clients = Workers.start("deposits", CLIENTS, worker -> deposits.add(KeyedClient.post(load,
        "/accounts/" + account + "/deposits", new JsonObject().put("amount", ThreadLocalRandom.current().nextLong(1, 101)),
        "deposit-" + sequence.incrementAndGet())));
    ReadinessWatch watch = ReadinessWatch.start(new Http(gatewayNode.http.base()));
    Thread.sleep(LOAD_AROUND_MS);
    long stopping = System.currentTimeMillis();
    postgres.close();
    postgres = null;
    long stopped = System.currentTimeMillis();
    Thread.sleep(OUTAGE_MS);
    long restarting = System.currentTimeMillis();
    postgres = PostgresServer.durable(dataDirectory, port);
    long restarted = System.currentTimeMillis();
    awaitReadyAgain(gatewayNode);
    Thread.sleep(LOAD_AROUND_MS);
    clients.stop(KeyedClient.BOUND.plus(Http.TIMEOUT));
    watch.stop();
    long balance = bank.balance(account);

    List<ReadinessWatch.Sample> outage = watch.between(stopping, restarted);
    long readyAgainMillis = watch.firstReadyAfter(restarted).map(sample -> sample.at() - restarted).orElse(-1L);
    // For each service: the outage samples whose readiness check read its database DOWN.
    Map<Service, Long> databaseDown = new EnumMap<>(Service.class);
    for (Service service : watch.servicesReportingDatabase()) {
      databaseDown.put(service, outage.stream().filter(sample -> "DOWN".equals(sample.databases().get(service))).count());
    }
    long committed = deposits.stream().filter(KeyedClient.Outcome::completed)
        .mapToLong(deposit -> deposit.body().getLong("amount")).sum();
    long unresolved = deposits.stream().filter(deposit -> !deposit.resolved()).count();

    Report report = new Report("PostgreSQL down for " + (restarted - stopping) / 1000 + " s under " + CLIENTS + " deposit clients")
        .row("stop took / start took", (stopped - stopping) + " ms / " + (restarted - restarting) + " ms")
        .row("deposits answered 201 / unresolved", deposits.stream().filter(KeyedClient.Outcome::completed).count() + " / " + unresolved)
        .row("answers by status (-1: no answer)", load.statuses())
        .row("slowest resolution", deposits.stream().mapToLong(KeyedClient.Outcome::millis).max().orElse(0) + " ms")
        .row("readiness during the outage", Ledger.count(outage, ReadinessWatch.Sample::status))
        .row("readiness 200 again after the restart", readyAgainMillis < 0 ? "never" : readyAgainMillis + " ms")
        .row("readiness samples reading database DOWN", databaseDown)
        .row("balance / sum of deposits answered 201", balance + " / " + committed);
    deposits.stream().filter(deposit -> !deposit.resolved()).limit(10).forEach(deposit -> report.line("unresolved: " + deposit));
    report.print();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(outage).as("readiness answers during the outage").anyMatch(sample -> sample.status() == 503);
    softly.assertThat(readyAgainMillis).as("ms until readiness is 200 after the restart")
        .isBetween(0L, READY_AGAIN_WITHIN.toMillis());
    softly.assertThat(databaseDown.keySet()).as("services whose readiness reports their database")
        .containsExactlyInAnyOrderElementsOf(Service.DATA);
    databaseDown.forEach((service, down) -> softly.assertThat(down)
        .as("readiness samples during the outage with %s database DOWN", service).isPositive());
    softly.assertThat(nodes).as("nodes still running the whole time").allMatch(Node::alive);
    softly.assertThat(Service.stream().mapToInt(service -> cluster.live(service).size()).sum()).as("nodes").isEqualTo(nodes.size());
    softly.assertThat(unresolved).as("keyed deposits without a definite answer within 30 s").isZero();
    softly.assertThat(balance).as("the balance: every deposit answered 201, nothing else").isEqualTo(committed);
    softly.assertThat(clients.errors()).as("client errors").isEmpty();
    softly.assertAll();
  }

  /** Waits (30 s at most) until the gateway is ready again; the watch says when it was, and the test asserts it. */
  private static void awaitReadyAgain(Node gateway) throws InterruptedException {
    try {
      Poll.until("ready after the restart", READY_AGAIN_WITHIN, () -> cluster.readiness(gateway), Readiness::ready);
    } catch (AssertionError notReady) {
      // Reported and asserted with the other figures.
    }
  }
}
