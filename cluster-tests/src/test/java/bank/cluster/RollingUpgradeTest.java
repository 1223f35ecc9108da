package bank.cluster;

import bank.postgres.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The previous release ({@link Release#previous()}, built from the history) replaced node by node
 * with this build under load, callees first (audit, account, transfer, then the gateway), then one
 * service rolled back to the previous release: at each step the old and the new version run side
 * by side, each node replaced as an operator would (start the new one, wait until it is ready, then
 * SIGTERM the old one). Every request of every step is counted, and the money is checked
 * throughout (snapshots) and at the end (totals, drift, the audit trail).
 */
@DisplayName("A rolling upgrade from the previous release, and a roll back, under load")
class RollingUpgradeTest {

  private static final int ACCOUNTS = 6;
  private static final long INITIAL = 10_000;
  private static final int CLIENTS = 3;
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);
  /** Load with the cluster as it is, before the first replacement, between the roll forward and back, and after. */
  private static final long STEADY_MS = 2_000;
  /**
   * One node of each service: each replacement still runs the two versions side by side (the new
   * node serves before the old one leaves), and a run takes half the time it would with two.
   */
  private static final Map<Service, Integer> NODES = Map.of(Service.AUDIT, 1, Service.ACCOUNT, 1, Service.TRANSFER, 1,
      Service.GATEWAY, 1);
  private static final Service ROLLED_BACK = Service.ACCOUNT;

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("rolling-upgrade");
  private static Release previous;
  private static Duration buildTime;

  /** One step: what was done, when, and the exit code of the node that left (none: no node left; -1: killed after 30 s). */
  record Step(String name, long startedAt, long endedAt, Optional<Integer> exit) {

    boolean leftCleanly() {
      return exit.isEmpty() || exit.get() == 0 || exit.get() == 143;
    }
  }

  @BeforeAll
  static void startPreviousRelease() throws Exception {
    previous = Release.previous();
    buildTime = previous.build();
    cluster.usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(NODES, previous::fatJar);
  }

  @Test
  @DisplayName("every node replaced by this build one at a time, then the account service rolled back: no request fails, no money moves wrongly")
  void rollForwardAndBack() throws Exception {
    Bank bank = new Bank(cluster.gateway());
    List<String> accounts = bank.openFunded(ACCOUNTS, INITIAL);
    Map<String, Long> initial = bank.balances();
    List<Http> clients = new ArrayList<>();
    List<TransferLoad> loads = new ArrayList<>();
    Http load = new Http(cluster.gateway().base());
    clients.add(load);
    loads.add(TransferLoad.start(load, accounts, CLIENTS, INITIAL / 2, TransferLoad.Then.READ_ACCOUNT));
    SnapshotReader snapshots = SnapshotReader.start(new Http(cluster.gateway().base()), Ledger.sum(initial));
    List<Step> steps = new ArrayList<>();

    steps.add(steady("every node " + previous.version()));
    for (Service service : List.of(Service.AUDIT, Service.ACCOUNT, Service.TRANSFER)) {
      for (Node old : cluster.live(service)) {
        steps.add(replace(old, "this build", Service::currentJar));
      }
    }
    long gatewayStarted = System.currentTimeMillis();
    Node oldGateway = cluster.live(Service.GATEWAY).get(0);
    Node newGateway = cluster.start(Service.GATEWAY, Service.GATEWAY.currentJar());
    cluster.awaitReady();
    // As a load balancer drains a gateway: new requests go to the new one, then the old one leaves.
    Http switched = new Http(newGateway.http.base());
    clients.add(switched);
    loads.add(TransferLoad.start(switched, accounts, CLIENTS, INITIAL / 2, TransferLoad.Then.READ_ACCOUNT));
    snapshots.readThrough(new Http(newGateway.http.base()));
    loads.get(0).stop();
    Optional<Integer> gatewayExit = leave(oldGateway);
    steps.add(new Step("gateway " + oldGateway.name + " (" + previous.version() + ") replaced by " + newGateway.name
        + " (this build), exit " + gatewayExit.orElse(-1), gatewayStarted, System.currentTimeMillis(),
        Optional.of(gatewayExit.orElse(-1))));
    steps.add(steady("every node this build"));
    for (Node upgraded : cluster.live(ROLLED_BACK)) {
      steps.add(replace(upgraded, previous.version(), previous::fatJar));
    }
    steps.add(steady(ROLLED_BACK.module + " " + previous.version() + ", the others this build"));

    loads.get(1).stop();
    snapshots.stop();
    // This build's gateway asks an account node of the previous release, which has no reconcileAll,
    // for a full reconciliation: its reconcile sums every entry.
    Http.Response fullReconciliation = switched.get("/reconciliation/full");
    List<KeyedClient.Outcome> outcomes = loads.stream().flatMap(each -> each.outcomes().stream()).toList();
    MoneyCheck money = MoneyCheck.after(new Bank(switched), initial, outcomes, snapshots);
    List<Http.Exchange> exchanges = clients.stream().flatMap(client -> client.exchanges().stream()).toList();
    long unresolved = outcomes.stream().filter(outcome -> !outcome.resolved()).count();
    long failed = exchanges.stream().filter(RollingUpgradeTest::failed).count();

    Report report = new Report("rolling upgrade from " + previous.version() + " (" + previous.commit() + ", "
        + (buildTime.isZero() ? "cached" : "built in " + buildTime.toSeconds() + " s") + ") to this build, and "
        + ROLLED_BACK.module + " back, under the load of " + CLIENTS + " clients");
    for (Step step : steps) {
      report.row(step.name(), stepFigures(exchanges, step));
    }
    report.row("transfers completed / rejected / unresolved", outcomes.stream().filter(KeyedClient.Outcome::completed).count()
        + " / " + outcomes.stream().filter(KeyedClient.Outcome::rejected).count() + " / " + unresolved);
    money.addTo(report);
    clients.forEach(client -> client.failures().forEach(failure -> report.line("failure: " + failure)));
    report.print();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(failed).as("requests answered 5xx or not at all, over every step").isZero();
    softly.assertThat(unresolved).as("keyed transfers without a definite answer").isZero();
    softly.assertThat(steps).as("nodes that exited by themselves with 0 or 143 within 30 s").allMatch(Step::leftCleanly);
    money.assertHeld(softly);
    loads.forEach(each -> softly.assertThat(each.errors()).as("client errors").isEmpty());
    softly.assertThat(snapshots.errors()).as("snapshot reader errors").isEmpty();
    softly.assertThat(fullReconciliation.status()).as("GET /reconciliation/full from " + previous.version()).isEqualTo(200);
    softly.assertThat(new JsonObject(fullReconciliation.body()).getBoolean("balanced")).as("the books").isTrue();
    softly.assertAll();
  }

  private static Step steady(String name) throws InterruptedException {
    long started = System.currentTimeMillis();
    Thread.sleep(STEADY_MS);
    return new Step(name, started, System.currentTimeMillis(), Optional.empty());
  }

  /** Starts a node of {@code old}'s service running {@code jars}'s jar, waits until it is ready, then SIGTERMs {@code old}. */
  private static Step replace(Node old, String version, Function<Service, Path> jars) throws InterruptedException {
    long started = System.currentTimeMillis();
    Node replacement = cluster.start(old.service, jars.apply(old.service));
    cluster.awaitReady();
    Optional<Integer> exit = leave(old);
    return new Step(old.service.module + " " + old.name + " replaced by " + replacement.name + " (" + version + "), exit "
        + exit.orElse(-1), started, System.currentTimeMillis(), Optional.of(exit.orElse(-1)));
  }

  /** SIGTERM, the exit code (empty: kill -9 after 30 s), and the cluster ready without the node. */
  private static Optional<Integer> leave(Node node) throws InterruptedException {
    cluster.sigterm(node);
    Optional<Integer> exit = cluster.awaitExit(node, EXIT_WITHIN);
    if (exit.isEmpty()) {
      cluster.kill9(node);
    }
    cluster.awaitReady();
    return exit;
  }

  private static boolean failed(Http.Exchange exchange) {
    return exchange.status() >= 500 || exchange.status() == Http.ERROR;
  }

  /** "n requests, f failed, p50 / p99 / max" of the requests sent during the step. */
  private static String stepFigures(List<Http.Exchange> exchanges, Step step) {
    List<Http.Exchange> during = exchanges.stream()
        .filter(exchange -> exchange.sentAt() >= step.startedAt() && exchange.sentAt() < step.endedAt()).toList();
    return (step.endedAt() - step.startedAt()) + " ms: " + during.size() + " requests, "
        + during.stream().filter(RollingUpgradeTest::failed).count() + " 5xx or unanswered, latency "
        + Report.latencies(during.stream().map(Http.Exchange::millis).toList());
  }
}
