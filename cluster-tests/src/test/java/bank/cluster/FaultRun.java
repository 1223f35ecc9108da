package bank.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * The measurement under one kind of fault: 8 clients doing keyed transfers over 20
 * accounts, each transfer replayed once resolved, and a snapshot reader, through one gateway; 5 s
 * of warm-up, 15 s fault-free, then 60 s of faults done whatever state the cluster is in. Every
 * request counts, those in flight when a fault struck included; then the clients finish what they
 * started, the cluster must be whole again, and the money is checked.
 */
final class FaultRun {

  static final int ACCOUNTS = 20;
  static final long INITIAL = 100_000;
  static final long MAX_AMOUNT = 1_000;
  static final int CLIENTS = 8;
  static final Duration WARM_UP = Duration.ofSeconds(5);
  static final Duration FAULT_FREE = Duration.ofSeconds(15);
  static final Duration FAULTS = Duration.ofSeconds(60);
  /** How often the gateway's readiness is read during the run, to tell when a node left its rotation and came back. */
  static final long WATCH_PERIOD_MS = 250;
  /** The set-up: two nodes of the account and transfer services, one audit node, a gateway. */
  static final Map<Service, Integer> NODES = Map.of(Service.ACCOUNT, 2, Service.TRANSFER, 2, Service.AUDIT, 1, Service.GATEWAY, 1);

  /** When each part of the run began (epoch millis): warm-up, fault-free, faults, and the end of the faults and of the load. */
  record Phases(long warmUp, long faultFree, long faults, long faultsEnded, long loadEnded) {
  }

  /**
   * What a run left behind: {@code transfers} as the clients saw them, {@code late} the answers
   * that the transfers unresolved after 30 s got when sent once more after the load (the money is
   * checked against those final outcomes), the machine's load average at the start and the end.
   */
  record Result(Fault fault, Phases phases, Http http, List<KeyedClient.Outcome> transfers,
      List<KeyedClient.Outcome> late, List<TransferLoad.Replay> replays, List<FaultSchedule.Event> events,
      MoneyCheck money, String readyAgain, Readiness readiness, int liveNodes, ReadinessWatch watch, String load,
      List<Throwable> errors) {
  }

  private FaultRun() {
  }

  static Result run(ProcessCluster cluster, Fault fault) throws Exception {
    Bank bank = new Bank(cluster.gateway());
    List<String> accounts = bank.openFunded(ACCOUNTS, INITIAL);
    Map<String, Long> initial = bank.balances();

    String loadBefore = loadAverage();
    Http http = new Http(cluster.gateway().base());
    SnapshotReader snapshots = SnapshotReader.start(http, Ledger.sum(initial));
    TransferLoad load = TransferLoad.start(http, accounts, CLIENTS, MAX_AMOUNT, TransferLoad.Then.REPLAY);
    long warmUp = System.currentTimeMillis();
    Thread.sleep(WARM_UP.toMillis());
    long faultFree = System.currentTimeMillis();
    ReadinessWatch watch = ReadinessWatch.start(new Http(http.base()), WATCH_PERIOD_MS);
    Thread.sleep(FAULT_FREE.toMillis());
    long faults = System.currentTimeMillis();
    FaultSchedule schedule = FaultSchedule.start(cluster, fault, FAULTS);
    Thread.sleep(FAULTS.toMillis());
    long faultsEnded = System.currentTimeMillis();
    schedule.await();
    load.stop();
    snapshots.stop();
    long loadEnded = System.currentTimeMillis();
    String loadAfter = loadAverage();

    String readyAgain = awaitReady(cluster);
    // Only now, to tell when each node came back.
    watch.stop();
    Readiness readiness = readinessOrNull(cluster);
    List<KeyedClient.Outcome> late = settle(new Http(http.base()), load.outcomes());
    MoneyCheck money = MoneyCheck.after(bank, initial, finalOutcomes(load.outcomes(), late), snapshots);
    List<Throwable> errors = new ArrayList<>(load.errors());
    errors.addAll(snapshots.errors());
    errors.addAll(schedule.errors());
    return new Result(fault, new Phases(warmUp, faultFree, faults, faultsEnded, loadEnded), http, load.outcomes(), late,
        load.replays(), schedule.events(), money, readyAgain, readiness,
        Service.stream().mapToInt(service -> cluster.live(service).size()).sum(), watch, loadBefore + " / " + loadAfter, errors);
  }

  /**
   * Each transfer the clients gave up on, sent once more with its key (on a client of its own, so
   * that the run's figures do not count it): its final outcome, for the money check to be exact.
   */
  static List<KeyedClient.Outcome> settle(Http http, List<KeyedClient.Outcome> transfers) throws InterruptedException {
    List<KeyedClient.Outcome> late = new ArrayList<>();
    for (KeyedClient.Outcome transfer : transfers) {
      if (!transfer.resolved()) {
        late.add(KeyedClient.post(http, "/transfers", transfer.body(), transfer.key()));
      }
    }
    return late;
  }

  /** The transfers with the late answer of each that had one. */
  static List<KeyedClient.Outcome> finalOutcomes(List<KeyedClient.Outcome> transfers, List<KeyedClient.Outcome> late) {
    Map<String, KeyedClient.Outcome> byKey = new HashMap<>();
    late.forEach(outcome -> byKey.put(outcome.key(), outcome));
    return transfers.stream().map(transfer -> byKey.getOrDefault(transfer.key(), transfer)).toList();
  }

  /** The machine's load average over the last minute, from /proc/loadavg: other work on the 2 cores skews every figure. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException unknown) {
      return "?";
    }
  }

  /**
   * The invariants, whatever the faults: money, every keyed transfer resolved within 30 s, every
   * replay answered exactly as the first answer, the cluster whole again, and no request longer
   * than a hang would take. Speed is printed, never asserted.
   */
  static void assertInvariants(Result run) {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(run.events).as("faults done").anyMatch(FaultSchedule.Event::done);
    softly.assertThat(run.transfers.stream().filter(transfer -> !transfer.resolved()).toList())
        .as("keyed transfers without a definite answer within 30 s").isEmpty();
    softly.assertThat(run.replays.stream().filter(replay -> !replay.identical()).limit(10).toList())
        .as("replays not answered exactly as the first answer").isEmpty();
    run.money.assertHeld(softly);
    softly.assertThat(run.readyAgain).as("every node ready and seen by the gateway after the faults").isEmpty();
    softly.assertThat(run.http.exchanges().stream().mapToLong(Http.Exchange::millis).max().orElse(0))
        .as("the longest request, ms (only a hang goes past the clients' 15 s time-out)")
        .isLessThan(Duration.ofSeconds(30).toMillis());
    softly.assertThat(run.errors).as("client and fault schedule errors").isEmpty();
    softly.assertAll();
  }

  /** The gateway's readiness, or {@code null} if it does not answer. */
  private static Readiness readinessOrNull(ProcessCluster cluster) throws InterruptedException {
    try {
      return cluster.readiness(cluster.live(Service.GATEWAY).get(0));
    } catch (IOException noAnswer) {
      return null;
    }
  }

  /** Waits until every node is ready and seen by the gateway: "" once they are, else what was still missing. */
  private static String awaitReady(ProcessCluster cluster) throws InterruptedException {
    try {
      cluster.awaitReady();
      return "";
    } catch (AssertionError notReady) {
      return notReady.getMessage();
    }
  }
}
