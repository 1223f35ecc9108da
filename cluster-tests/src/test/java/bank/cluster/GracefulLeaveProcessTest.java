package bank.cluster;

import bank.postgres.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Service nodes leaving gracefully (SIGTERM) one after another under load")
class GracefulLeaveProcessTest {

  private static final int ACCOUNTS = 6;
  private static final long INITIAL = 10_000;
  private static final int CLIENTS = 4;
  private static final Duration EXIT_WITHIN = Duration.ofSeconds(30);
  /** Load before the first leave and after the last one: the point of the test, not a wait. */
  private static final long LOAD_AROUND_MS = 2_000;

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("graceful-leave");

  /** One SIGTERM: the node's exit code ({@code empty}: still running after 30 s), and how long it and its replacement took. */
  record Leave(String node, Optional<Integer> exitCode, long exitMillis, long replacementMillis) {

    boolean clean() {
      return exitCode.isPresent() && (exitCode.get() == 0 || exitCode.get() == 143);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    cluster.preferSeparateAddresses().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(Map.of(Service.AUDIT, 2, Service.ACCOUNT, 2, Service.TRANSFER, 2, Service.GATEWAY, 1));
  }

  @Test
  @DisplayName("costs no request a 5xx, each node exits by itself with 0 or 143 within 30 s, and money is conserved")
  void leaveUnderLoad() throws Exception {
    Bank bank = new Bank(cluster.gateway());
    List<String> accounts = bank.openFunded(ACCOUNTS, INITIAL);
    Map<String, Long> initial = bank.balances();

    Http load = new Http(cluster.gateway().base());
    TransferLoad transfers = TransferLoad.start(load, accounts, CLIENTS, INITIAL / 2, TransferLoad.Then.READ_ACCOUNT);
    Thread.sleep(LOAD_AROUND_MS);
    List<Leave> leaves = new ArrayList<>();
    for (Service service : List.of(Service.ACCOUNT, Service.TRANSFER, Service.AUDIT)) {
      leaves.add(leaveAndReplace(cluster.live(service).get(0)));
    }
    Thread.sleep(LOAD_AROUND_MS);
    transfers.stop();
    Map<String, Long> balances = bank.balances();

    List<KeyedClient.Outcome> outcomes = transfers.outcomes();
    long failed = load.statuses().entrySet().stream()
        .filter(status -> status.getKey() >= 500 || status.getKey() == Http.ERROR)
        .mapToLong(Map.Entry::getValue).sum();
    long unresolved = outcomes.stream().filter(outcome -> !outcome.resolved()).count();
    long drift = Ledger.drift(initial, outcomes, balances);
    Report report = new Report("graceful leaves under the load of " + CLIENTS + " clients")
        .row("requests sent", load.requests())
        .row("answers by status (-1: no answer)", load.statuses())
        .row("5xx or no answer", failed)
        .row("transfers completed / rejected / unresolved", outcomes.stream().filter(KeyedClient.Outcome::completed).count()
            + " / " + outcomes.stream().filter(KeyedClient.Outcome::rejected).count() + " / " + unresolved)
        .row("total before / after", Ledger.sum(initial) + " / " + Ledger.sum(balances))
        .row("drift", drift);
    leaves.forEach(leave -> report.line("SIGTERM " + leave.node + ": exit code " + leave.exitCode.map(String::valueOf).orElse("none")
        + " after " + leave.exitMillis + " ms; replacement ready " + leave.replacementMillis + " ms later"));
    load.failures().forEach(failure -> report.line("failure: " + failure));
    report.print();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(failed).as("requests answered 5xx or not at all during graceful leaves").isZero();
    softly.assertThat(leaves).as("nodes that exited by themselves with 0 or 143 within 30 s").allMatch(Leave::clean);
    softly.assertThat(unresolved).as("keyed transfers without a definite answer within 30 s").isZero();
    softly.assertThat(Ledger.sum(balances)).as("the total").isEqualTo(Ledger.sum(initial));
    softly.assertThat(Ledger.negatives(balances)).as("negative balances").isZero();
    softly.assertThat(drift).as("drift from the answered transfers").isZero();
    softly.assertThat(transfers.errors()).as("client errors").isEmpty();
    softly.assertAll();
  }

  /** SIGTERM, wait for the node to exit (kill -9 after 30 s), then start a replacement and wait until it is ready. */
  private static Leave leaveAndReplace(Node node) throws InterruptedException {
    long started = System.nanoTime();
    cluster.sigterm(node);
    Optional<Integer> exitCode = cluster.awaitExit(node, EXIT_WITHIN);
    if (exitCode.isEmpty()) {
      cluster.kill9(node);
    }
    long exited = System.nanoTime();
    cluster.start(node.service);
    cluster.awaitReady();
    return new Leave(node.name, exitCode, (exited - started) / 1_000_000, (System.nanoTime() - exited) / 1_000_000);
  }
}
