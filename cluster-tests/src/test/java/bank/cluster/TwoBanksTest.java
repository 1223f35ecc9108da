package bank.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bank.local.LocalBank;
import bank.local.LocalRunner;
import bank.postgres.PostgresServer;
import bank.local.Repository;
import bank.testing.Tokens;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two copies of the bank on one machine (issue 13, "Never join a stranger"): two {@code ./run}s in
 * two checkouts, each a cluster of its own; two banks that do share one Hazelcast cluster (the same
 * CLUSTER_NAME, as two copies left on the defaults would) but not their BANK_ID nor their database,
 * which the guard is for; and a node pointed at another bank's database.
 */
@DisplayName("Two banks on one machine")
class TwoBanksTest {

  private static final long PID = ProcessHandle.current().pid();
  private static final String SHARED_CLUSTER = "bank-shared-" + PID;
  private static final String EAST = "east-" + PID;
  private static final String WEST = "west-" + PID;
  private static final Map<Service, Integer> ONE_EACH = Map.of(Service.AUDIT, 1, Service.ACCOUNT, 1, Service.TRANSFER, 1,
      Service.GATEWAY, 1);

  @RegisterExtension
  static final ProcessCluster east = new ProcessCluster("two-banks-east")
      .environment("CLUSTER_NAME", SHARED_CLUSTER).environment("BANK_ID", EAST);
  @RegisterExtension
  static final ProcessCluster west = new ProcessCluster("two-banks-west")
      .environment("CLUSTER_NAME", SHARED_CLUSTER).environment("BANK_ID", WEST);
  @RegisterExtension
  static final ProcessCluster intruders = new ProcessCluster("two-banks-intruder");

  @Test
  @DisplayName("two ./runs in two checkouts start side by side, each with its own id, cluster, ports and database; a node added to the first (./run --add account) joins it alone; each serves only its own accounts")
  void twoRuns() throws Exception {
    assumeTrue(Service.stream().allMatch(service -> service.fatJar().isPresent()), "the fat jars are built by mvn package");
    Path checkouts = Path.of("target", "two-runs-" + PID).toAbsolutePath();
    try (LocalBank one = new LocalBank(run(checkouts.resolve("one")));
         LocalBank added = LocalBank.joining(Repository.root(), started(one, checkouts.resolve("one").resolve("data")))) {
      // ./run --add account beside the first ./run, booting while the second ./run starts.
      added.add("account-verticle");
      try (LocalBank two = new LocalBank(run(checkouts.resolve("two")))) {
        two.start();
        assertThat(two.bankId()).isNotEqualTo(one.bankId());
        for (LocalBank bank : List.of(one, two)) {
          assertThat(bank.clusterName()).isEqualTo("bank-" + bank.bankId());
          assertThat(Files.readString(bank.postgresDirectory().getParent().resolve("bank-id")).strip()).isEqualTo(bank.bankId());
        }
        assertThat(two.gateway()).isNotEqualTo(one.gateway());
        // The added node joins the first bank, and only that one; it leaves before the banks are driven,
        // whose checks count one node per service.
        Poll.until("the first bank's gateway lists the added account node", Duration.ofSeconds(120),
            () -> accountInstances(one), count -> count == 2);
        assertThat(accountInstances(two)).as("account nodes the second bank's gateway lists").isEqualTo(1);
        added.close();
        Poll.until("the first bank's gateway lists one account node again", Duration.ofSeconds(60),
            () -> accountInstances(one), count -> count == 1);
        sideBySide(one, two);
      }
    }
  }

  /** Both ./runs driven at once: each serves only its own accounts. */
  private static void sideBySide(LocalBank one, LocalBank two) throws Exception {
    CrossTalk[] banks = drive(List.of(one.bankId(), two.bankId()),
        List.of(URI.create(one.gateway()), URI.create(two.gateway())), 4, 10, 60);
    long foreignReads = 0;
    for (int i = 0; i < 2; i++) {
      Http other = new Http(URI.create((i == 0 ? two : one).gateway()));
      for (String account : banks[i].accounts()) {
        foreignReads += other.get("/accounts/" + account).status() == 404 ? 0 : 1;
      }
    }
    Report report = new Report("two ./runs side by side");
    for (int i = 0; i < 2; i++) {
      LocalBank bank = i == 0 ? one : two;
      report.row("bank " + bank.bankId(), bank.gateway() + ", cluster " + bank.clusterName() + ", PostgreSQL "
          + URI.create(bank.databaseUrl()).getPort() + ": " + banks[i].accounts().size() + " accounts, "
          + banks[i].transfers() + " transfers, answers by status " + banks[i].statuses());
    }
    findings(report, banks).row("reads of one bank's accounts that the other answered with anything but 404", foreignReads);
    report.print();
    assertThat(banks[0].strays()).isEmpty();
    assertThat(banks[1].strays()).isEmpty();
    assertThat(foreignReads).isZero();
  }

  @Test
  @DisplayName("two banks in one Hazelcast cluster (the same CLUSTER_NAME, another BANK_ID and database each): 0 requests served by the other bank")
  void oneClusterTwoBanks() throws Exception {
    String eastDatabase = PostgresServer.forTests().newDatabase();
    String westDatabase = PostgresServer.forTests().newDatabase();
    east.usePostgres(eastDatabase).startAll(ONE_EACH);
    west.usePostgres(westDatabase).startAll(ONE_EACH);
    east.awaitReady();
    for (ProcessCluster bank : List.of(east, west)) {
      assertThat(CrossTalk.cluster(bank.readiness(bank.live(Service.GATEWAY).get(0))).getInteger("members"))
          .as("members of the one Hazelcast cluster").isEqualTo(8);
    }

    CrossTalk[] banks = drive(List.of(EAST, WEST), List.of(east.gateway().base(), west.gateway().base()), 8, 40, 200);
    banks[0].checkDatabases(eastDatabase, westDatabase);
    banks[1].checkDatabases(westDatabase, eastDatabase);
    long refusals = refusalsLogged(east) + refusalsLogged(west);

    Report report = new Report("two banks in one Hazelcast cluster (" + SHARED_CLUSTER + ")");
    for (CrossTalk bank : banks) {
      report.row("bank " + bank.bankId(), bank.accounts().size() + " accounts, " + bank.transfers()
          + " keyed transfers (each sent twice), answers by status " + bank.statuses());
    }
    findings(report, banks).row("requests a node refused as another bank's (none was even sent)", refusals);
    report.print();
    assertThat(banks[0].strays()).isEmpty();
    assertThat(banks[1].strays()).isEmpty();
  }

  @Test
  @DisplayName("a node whose BANK_ID is not the one its schema recorded refuses to start with exit code 2, naming BANK_ID, both ids and the schema")
  void nodeOfAnotherBankRefused() throws Exception {
    intruders.usePostgres(PostgresServer.forTests().newDatabase()).environment("BANK_ID", "first-" + PID);
    Node first = intruders.start(Service.ACCOUNT);
    Poll.until(first + " ready", ProcessCluster.START_TIMEOUT, () -> first, Node::ready);
    intruders.kill9(first);

    Node intruder = intruders.environment("BANK_ID", "intruder-" + PID).start(Service.ACCOUNT);
    assertThat(intruders.awaitExit(intruder, Duration.ofSeconds(60))).as("exit code of " + intruder).contains(2);
    assertThat(intruder.output().lines().filter(line -> line.contains("BANK_ID"))).singleElement().asString()
        .contains("BANK_ID is 'intruder-" + PID + "' but schema account belongs to bank 'first-" + PID + "'");
    assertThat(intruder.output()).as("what the intruder logged").doesNotContain(" ready: ", "published ");
  }

  /** The bank as ./run starts it in a checkout: LocalRunner's choice of ports and its data directory, nodes' output in logs/. */
  /** Starts {@code bank}; its data directory. */
  private static Path started(LocalBank bank, Path data) throws Exception {
    bank.start();
    return data;
  }

  /** The account nodes a bank's gateway lists, by its readiness. */
  private static int accountInstances(LocalBank bank) throws Exception {
    return Readiness.of(new Http(URI.create(bank.gateway())).get("/health/ready")).instances(Service.ACCOUNT);
  }

  private static LocalBank.Options run(Path checkout) {
    LocalBank.Options run = LocalRunner.options(Repository.root(), checkout.resolve("data"), name -> null, Tokens.TEST_SECRET);
    return new LocalBank.Options(run.root(), run.data(), run.pgUrl(), run.pgPort(), run.postgresSettings(), run.httpPort(),
        run.environment(), run.gatewayEnvironment(), checkout.resolve("logs"), run.metricsPortBase());
  }

  /** Both banks driven at once, each through its own gateway. */
  private static CrossTalk[] drive(List<String> bankIds, List<URI> gateways, int accounts, int transfers, int reads)
      throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      List<Future<CrossTalk>> driven = List.of(0, 1).stream()
          .map(i -> clients.submit(() -> CrossTalk.drive(bankIds.get(i), gateways.get(i), accounts, transfers, reads)))
          .toList();
      return new CrossTalk[] {driven.get(0).get(), driven.get(1).get()};
    } finally {
      clients.shutdown();
    }
  }

  /** The answers only the other bank could have given, and the readiness probes that were not 200, each listed. */
  private static Report findings(Report report, CrossTalk[] banks) {
    report.row("requests served by the other bank", banks[0].strays().size() + banks[1].strays().size())
        .row("readiness probes answered other than 200", banks[0].unready().size() + banks[1].unready().size());
    for (CrossTalk bank : banks) {
      bank.strays().forEach(stray -> report.line(bank.bankId() + ": " + stray));
      bank.unready().forEach(answer -> report.line(bank.bankId() + " readiness: " + answer));
    }
    return report;
  }

  private static long refusalsLogged(ProcessCluster bank) {
    return Service.DATA.stream().flatMap(service -> bank.live(service).stream())
        .mapToLong(node -> node.output().lines().filter(line -> line.contains("this node serves bank")).count())
        .sum();
  }
}
