package bank.cluster;

import bank.postgres.PostgresServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Overload: 512 connections of keyed transfers for 30 s, after 30 s at 16")
class OverloadTest {

  static final int WARM_CONNECTIONS = 16;
  static final int OVERLOAD_CONNECTIONS = 512;
  static final Duration WARM_UP = Duration.ofSeconds(30);
  /** The 16-connection peak is measured over the end of the warm-up, once the JIT compilers have done most of their work. */
  static final Duration PEAK_WINDOW = Duration.ofSeconds(20);
  static final Duration OVERLOAD = Duration.ofSeconds(30);

  @RegisterExtension
  static final ProcessCluster cluster = new ProcessCluster("overload");

  /** What the run left behind: when the overload began and ended (epoch millis), the clients' records, the breakers. */
  record Run(long peakFrom, long overloadFrom, long overloadTo, List<Http.Exchange> exchanges,
      List<KeyedClient.Outcome> transfers, List<KeyedClient.Outcome> late, ReadinessWatch readiness,
      List<String> breakersOpened, MoneyCheck money, String load) {
  }

  @BeforeAll
  static void start() throws Exception {
    cluster.preferSeparateAddresses().usePostgres(PostgresServer.forTests().newDatabase());
    cluster.startAll(FaultRun.NODES);
  }

  @Test
  @DisplayName("every keyed transfer still gets one answer (at the latest at its first attempt after the load), every snapshot shows the total, and nothing is lost or audited twice")
  void overload() throws Exception {
    Run run = drive();
    OverloadReport.print(run);

    SoftAssertions softly = new SoftAssertions();
    // Under 512 connections the door refuses most attempts with a quick 503 and Retry-After, fairly
    // but at random, so how many connections are refused for the whole 30 s depends on the machine's
    // speed (8 of 4689 keyed transfers at 66 answers/s; 79 of 3049 at 46 answers/s, with another
    // test run beside it): a figure the report prints, not a rule. The rule is that none is left
    // without an outcome: each one still open when the load stops gets it at its next attempt.
    softly.assertThat(run.late.stream().filter(transfer -> !transfer.resolved()).toList())
        .as("keyed transfers without a definite answer at their first attempt after the load").isEmpty();
    run.money.assertHeld(softly);
    softly.assertThat(run.exchanges.stream().mapToLong(Http.Exchange::millis).max().orElse(0))
        .as("the longest request, ms (only a hang goes past the clients' 15 s time-out)")
        .isLessThan(Duration.ofSeconds(30).toMillis());
    softly.assertAll();
  }

  private static Run drive() throws Exception {
    Node gateway = cluster.live(Service.GATEWAY).get(0);
    Bank bank = new Bank(gateway.http);
    List<String> accounts = bank.openFunded(FaultRun.ACCOUNTS, FaultRun.INITIAL);
    Map<String, Long> initial = bank.balances();
    String loadBefore = FaultRun.loadAverage();

    SnapshotReader snapshots = SnapshotReader.start(new Http(gateway.http.base()), Ledger.sum(initial));
    ConnectionLoad load = new ConnectionLoad(gateway.http.base(), accounts, FaultRun.MAX_AMOUNT, OVERLOAD_CONNECTIONS);
    load.clients(WARM_CONNECTIONS);
    long warmUp = System.currentTimeMillis();
    Thread.sleep(WARM_UP.toMillis());
    ReadinessWatch readiness = ReadinessWatch.start(new Http(gateway.http.base()));
    int openedBefore = breakerOpenings(gateway).size();
    load.clients(OVERLOAD_CONNECTIONS);
    long overloadFrom = System.currentTimeMillis();
    Thread.sleep(OVERLOAD.toMillis());
    long overloadTo = System.currentTimeMillis();
    load.stop();
    snapshots.stop();
    readiness.stop();
    String loadAfter = FaultRun.loadAverage();

    List<KeyedClient.Outcome> late = FaultRun.settle(new Http(gateway.http.base()), load.outcomes());
    MoneyCheck money = MoneyCheck.after(bank, initial, FaultRun.finalOutcomes(load.outcomes(), late), snapshots);
    List<String> opened = breakerOpenings(gateway);
    opened = opened.subList(Math.min(openedBefore, opened.size()), opened.size());
    return new Run(warmUp + WARM_UP.minus(PEAK_WINDOW).toMillis(), overloadFrom, overloadTo, load.exchanges(),
        load.outcomes(), late, readiness, opened, money, loadBefore + " / " + loadAfter);
  }

  /** The gateway's log lines that say a breaker opened ({@code ServiceClient}: "circuit breaker for ... opened"). */
  private static List<String> breakerOpenings(Node gateway) {
    return gateway.output().lines().filter(line -> line.contains("circuit breaker for") && line.endsWith(" opened")).toList();
  }
}
