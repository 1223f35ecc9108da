package bank.cluster;

import bank.testing.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Seven JVMs under load, one service node killed with kill -9 every 10 s")
class ChaosTest {

  private static final int ACCOUNTS = 10;
  private static final long INITIAL = 10_000;
  private static final int CLIENTS = 8;
  private static final int KILLS = 5;
  private static final Duration KILL_EVERY = Duration.ofSeconds(10);
  private static final Duration AUDIT_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("chaos");

  /**
   * One round: the node killed with kill -9 and the time its service took to serve normally again,
   * or ({@code service} null) why no node was killed.
   */
  record Kill(Service service, String target, long at, long recoveryMillis) {

    @Override
    public String toString() {
      return Report.clock(at) + (service == null ? "  no kill: " + target
          : "  kill -9 " + target + ": serving normally after " + recoveryMillis + " ms");
    }
  }

  /** What the load left behind. */
  record Load(long millis, Http http, List<KeyedClient.Outcome> transfers, SnapshotReader snapshots,
      RecoveryProbe probe, List<Kill> kills, List<Throwable> clientErrors) {
  }

  @BeforeAll
  static void start() throws Exception {
    cluster.usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(Map.of(Service.AUDIT, 2, Service.ACCOUNT, 2, Service.TRANSFER, 2, Service.GATEWAY, 1));
  }

  @Test
  @DisplayName("resolves every keyed transfer, shows the total in every snapshot, and loses, duplicates or leaves unaudited no transfer")
  void killNodesUnderLoad() throws Exception {
    Bank bank = new Bank(cluster.gateway());
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts.add(bank.openAccount("owner-" + i));
      bank.deposit(accounts.get(i), INITIAL);
    }
    String knownTransfer = bank.transfer(accounts.get(0), accounts.get(1), 1);
    Map<String, Long> initial = bank.balances();
    long total = Ledger.sum(initial);

    Load load = loadWithKills(accounts, knownTransfer, total);
    String readyAgain = awaitReady();
    Set<String> completed = Ledger.completedIds(load.transfers);
    long auditStarted = System.currentTimeMillis();
    List<JsonObject> trail = awaitAudited(bank, completed);
    long auditMillis = System.currentTimeMillis() - auditStarted;
    Map<String, Long> balances = bank.balances();

    long unresolved = load.transfers.stream().filter(transfer -> !transfer.resolved()).count();
    long negatives = load.snapshots.negatives() + Ledger.negatives(balances);
    long drift = Ledger.drift(initial, load.transfers, balances);
    long lost = bank.notCompleted(completed);
    long missing = Ledger.unaudited(completed, trail).size();
    long duplicates = Ledger.duplicates(trail);
    report(load).row("every replacement ready after the load", readyAgain.isEmpty() ? "yes" : readyAgain)
        .row("unresolved retries", unresolved)
        .row("snapshots read / violations", load.snapshots.snapshots() + " / " + load.snapshots.violations())
        .row("negative balances", negatives)
        .row("drift", drift)
        .row("lost (201 but not COMPLETED)", lost)
        .row("audit missing / duplicates", missing + " / " + duplicates + " (waited " + auditMillis + " ms for the trail)")
        .print();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(load.kills).as("kills done").anyMatch(kill -> kill.service != null);
    softly.assertThat(readyAgain).as("every node ready after the load").isEmpty();
    softly.assertThat(unresolved).as("keyed transfers without a definite answer within 30 s").isZero();
    softly.assertThat(load.snapshots.violations()).as("snapshots not summing to the total or with a negative balance").isZero();
    softly.assertThat(negatives).as("negative balances").isZero();
    softly.assertThat(Ledger.sum(balances)).as("the total at the end").isEqualTo(total);
    softly.assertThat(drift).as("drift from the answered transfers").isZero();
    softly.assertThat(lost).as("transfers answered 201 that are not COMPLETED").isZero();
    softly.assertThat(missing).as("completed transfers missing from the audit trail after 60 s").isZero();
    softly.assertThat(duplicates).as("duplicate audit events").isZero();
    softly.assertThat(load.clientErrors).as("client errors").isEmpty();
    softly.assertAll();
  }

  /**
   * Transfer clients, a snapshot reader and the recovery probe for {@code (KILLS + 1) * 10 s}, with
   * a kill every 10 s; then waits for the transfers in progress to resolve.
   */
  private static Load loadWithKills(List<String> accounts, String knownTransfer, long total) throws InterruptedException {
    Http http = new Http(cluster.gateway().base());
    RecoveryProbe probe = RecoveryProbe.start(new Http(http.base()), accounts.get(0), knownTransfer);
    SnapshotReader snapshots = SnapshotReader.start(http, total);
    TransferLoad transfers = TransferLoad.start(http, accounts, CLIENTS, INITIAL / 2, false);
    long started = System.currentTimeMillis();
    List<Kill> kills = new ArrayList<>();
    for (int round = 1; round <= KILLS; round++) {
      Thread.sleep(Math.max(0, started + round * KILL_EVERY.toMillis() - System.currentTimeMillis()));
      kills.add(killOne());
    }
    Thread.sleep(Math.max(0, started + (KILLS + 1) * KILL_EVERY.toMillis() - System.currentTimeMillis()));
    transfers.stop();
    long millis = System.currentTimeMillis() - started;
    snapshots.stop();
    probe.stop();
    List<Kill> measured = kills.stream().map(kill -> kill.service == null ? kill
        : new Kill(kill.service, kill.target, kill.at, probe.recoveryMillis(kill.service, kill.at, KILL_EVERY))).toList();
    List<Throwable> errors = new ArrayList<>(transfers.errors());
    errors.addAll(snapshots.errors());
    return new Load(millis, http, transfers.outcomes(), snapshots, probe, measured, errors);
  }

  /** kill -9 a random node of a random service that has two ready nodes, and start its replacement at once. */
  private static Kill killOne() throws InterruptedException {
    Readiness readiness;
    try {
      readiness = cluster.readiness(cluster.live(Service.GATEWAY).get(0));
    } catch (IOException noAnswer) {
      return new Kill(null, "the gateway's readiness did not answer: " + noAnswer, System.currentTimeMillis(), 0);
    }
    List<Service> candidates = Service.DATA.stream()
        .filter(service -> cluster.ready(service).size() == 2 && readiness.instances(service) == 2)
        .toList();
    if (candidates.isEmpty()) {
      return new Kill(null, "no service with two ready nodes (ready nodes / instances at the gateway: "
          + Service.DATA.stream().map(service -> service.shortName + " " + cluster.ready(service).size() + "/"
              + readiness.instances(service)).collect(Collectors.joining(", ")) + ")", System.currentTimeMillis(), 0);
    }
    Service service = ProcessCluster.any(candidates);
    Node victim = ProcessCluster.any(cluster.ready(service));
    long at = System.currentTimeMillis();
    cluster.kill9(victim);
    cluster.start(service);
    return new Kill(service, victim.name, at, 0);
  }

  private static Report report(Load load) {
    long requests = load.http.requests();
    long definite = load.http.statuses().entrySet().stream()
        .filter(status -> status.getKey() / 100 == 2 || status.getKey() == 422).mapToLong(Map.Entry::getValue).sum();
    List<Long> recoveries = load.kills.stream().filter(kill -> kill.service != null).map(Kill::recoveryMillis).sorted().toList();
    Report report = new Report("chaos: 7 JVMs, " + CLIENTS + " transfer clients, a kill -9 every " + KILL_EVERY.toSeconds() + " s")
        .row("load", load.millis / 1000 + " s")
        .row("requests sent (clients and snapshot reader)", requests)
        .row("definite success (2xx or 422)", definite + " = " + Report.percent(definite, requests))
        .row("answers by status (-1: no answer)", load.http.statuses())
        .row("transfers completed / rejected", load.transfers.stream().filter(KeyedClient.Outcome::completed).count()
            + " / " + load.transfers.stream().filter(KeyedClient.Outcome::rejected).count())
        .row("transfers retried", load.transfers.stream().filter(transfer -> transfer.attempts().size() > 1).count())
        .row("slowest resolution", load.transfers.stream().mapToLong(KeyedClient.Outcome::millis).max().orElse(0) + " ms")
        .row("probes sent / failed or slow", load.probe.count() + " / " + load.probe.abnormal())
        .row("recovery median / max (10 s window)", Report.median(recoveries) + " ms / "
            + recoveries.stream().mapToLong(Long::longValue).max().orElse(0) + " ms");
    load.kills.forEach(kill -> report.line(kill.toString()));
    load.transfers.stream().filter(transfer -> !transfer.resolved()).limit(10).forEach(transfer -> report.line("unresolved: " + transfer));
    load.snapshots.examples().forEach(example -> report.line("snapshot violation: " + example));
    load.http.failures().stream().limit(10).forEach(failure -> report.line("failure: " + failure));
    return report;
  }

  /** Waits until every node is ready and seen by the gateway: "" once they are, else what was still missing. */
  private static String awaitReady() throws InterruptedException {
    try {
      cluster.awaitReady();
      return "";
    } catch (AssertionError notReady) {
      return notReady.getMessage();
    }
  }

  /** The audit trail once every completed transfer is in it, or as it is after 60 s. */
  private static List<JsonObject> awaitAudited(Bank bank, Set<String> completed) throws Exception {
    try {
      return Poll.until("every completed transfer audited", AUDIT_WITHIN, bank::auditTrail,
          trail -> Ledger.unaudited(completed, trail).isEmpty());
    } catch (AssertionError stillMissing) {
      return bank.auditTrail();
    }
  }
}
