package bank.cluster;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The table of a fault run: what the clients went through fault-free and under the faults, beside
 * the targets, which are printed and never asserted; then each fault and how long the
 * clients felt it.
 */
final class FaultReport {

  /** An answer slower than this counts as not served normally, for the recovery of a fault. */
  static final long SLOW_MS = 1_000;
  private static final double DEFINITE_TARGET = 99.5;
  private static final long P99_TARGET_MS = 2_000;
  private static final long MAX_TARGET_MS = 5_000;

  private final FaultRun.Result run;
  private final FaultRun.Phases phases;

  private FaultReport(FaultRun.Result run) {
    this.run = run;
    this.phases = run.phases();
  }

  static void print(String title, FaultRun.Result run) {
    new FaultReport(run).report(title).print();
  }

  private Report report(String title) {
    List<Http.Exchange> all = run.http().exchanges();
    // A request in flight when the first fault struck counts under the faults: it is what users feel.
    List<Http.Exchange> faultFree = all.stream()
        .filter(exchange -> exchange.sentAt() >= phases.faultFree() && exchange.answeredAt() < phases.faults()).toList();
    List<Http.Exchange> underFaults = all.stream().filter(exchange -> exchange.answeredAt() >= phases.faults()).toList();
    List<KeyedClient.Outcome> calm = transfers(transfer -> firstSent(transfer) >= phases.faultFree()
        && firstSent(transfer) + transfer.millis() < phases.faults());
    List<KeyedClient.Outcome> faulty = transfers(transfer -> firstSent(transfer) + transfer.millis() >= phases.faults()
        && firstSent(transfer) < phases.faultsEnded());
    double calmRate = rate(calm, phases.faults() - phases.faultFree());
    double faultyRate = rate(faulty, phases.faultsEnded() - phases.faults());
    List<Long> faultyMillis = faulty.stream().map(KeyedClient.Outcome::millis).toList();
    List<Long> sortedMillis = faultyMillis.stream().sorted().toList();
    long definite = underFaults.stream().filter(Http.Exchange::definite).count();
    List<TransferLoad.Replay> replays = run.replays();
    long mismatched = replays.stream().filter(replay -> !replay.identical()).count();

    Report report = new Report(title + ": " + FaultRun.CLIENTS + " clients, keyed transfers over " + FaultRun.ACCOUNTS
        + " accounts (each replayed once resolved) and snapshot reads, " + (phases.faults() - phases.faultFree()) / 1000
        + " s fault-free, then " + (phases.faultsEnded() - phases.faults()) / 1000 + " s of " + run.fault().verb
        + " every " + run.fault().every.toSeconds() + " s")
        .row("machine load average (1 min) at the start / end of the load, 2 cores", run.load())
        .row("requests, all (warm-up and the clients' last requests after the faults included)", all.size())
        .row("requests fault-free / answered from the first fault on", faultFree.size() + " / " + underFaults.size())
        .row("definite answers (2xx, 422) fault-free", share(faultFree))
        .row("definite answers (2xx, 422) from the first fault on", share(underFaults) + " "
            + Report.target("≥ " + DEFINITE_TARGET + " %", 100.0 * definite >= DEFINITE_TARGET * underFaults.size()))
        .row("answers by status, from the first fault on (-1: no answer)", Ledger.count(underFaults, Http.Exchange::status))
        .row("transfers/s fault-free / under faults", String.format("%.1f / %.1f = %.2f ", calmRate, faultyRate,
            calmRate == 0 ? 0 : faultyRate / calmRate) + Report.target("≥ 0.5 of fault-free", faultyRate * 2 >= calmRate))
        .row("transfer latency fault-free, first attempt to definite answer, p50 / p99 / max",
            Report.latencies(calm.stream().map(KeyedClient.Outcome::millis).toList()))
        .row("transfer latency under faults, first attempt to definite answer, p50 / p99 / max",
            Report.latencies(faultyMillis) + " " + Report.target("p99 ≤ 2 s, max ≤ 5 s",
                Report.percentile(sortedMillis, 0.99) <= P99_TARGET_MS && Report.percentile(sortedMillis, 1.0) <= MAX_TARGET_MS))
        .row("POST /transfers requests under faults (retries and replays too), p50 / p99 / max",
            Report.latencies(underFaults.stream().filter(exchange -> exchange.path().equals("/transfers"))
                .map(Http.Exchange::millis).toList()))
        .row("transfers completed / rejected / unresolved", count(KeyedClient.Outcome::completed) + " / "
            + count(KeyedClient.Outcome::rejected) + " / " + count(transfer -> !transfer.resolved()))
        .row("unresolved after 30 s, sent once more after the load: completed / rejected / still unresolved",
            run.late().stream().filter(KeyedClient.Outcome::completed).count() + " / "
            + run.late().stream().filter(KeyedClient.Outcome::rejected).count() + " / "
            + run.late().stream().filter(transfer -> !transfer.resolved()).count())
        .row("transfers that needed a retry", count(transfer -> transfer.attempts().size() > 1))
        .row("replays sent / not answered exactly as the first answer", replays.size() + " / " + mismatched + " (target 0)")
        .row("recovery after each fault (to the last request sent that failed or took over 1 s), ms", run.events().stream()
            .filter(FaultSchedule.Event::done).map(event -> String.valueOf(recovery(event, all))).collect(Collectors.joining(", ")))
        .row("every node ready and seen by the gateway after the faults", run.readyAgain().isEmpty() ? "yes" : run.readyAgain())
        .row("instances the gateway lists twice after the faults", duplicates())
        .row("Hazelcast members the gateway sees after the faults / live nodes", (run.readiness() == null ? "?"
            : run.readiness().members()) + " / " + run.liveNodes());
    run.money().addTo(report);
    Reasons.counted(all).forEach((reason, count) -> report.line(count + " × " + reason));
    run.events().forEach(event -> report.line(describe(event, all)));
    run.transfers().stream().filter(transfer -> !transfer.resolved()).limit(10)
        .forEach(transfer -> report.line("unresolved after 30 s: " + transfer.summary()));
    replays.stream().filter(replay -> !replay.identical()).limit(10).forEach(replay -> report.line("replay mismatch: " + replay));
    run.errors().stream().limit(10).forEach(error -> report.line("error: " + error));
    return report;
  }

  /**
   * One fault and what the clients felt: the requests in flight when it struck and how many of
   * them failed, and until when answers were failed or slow (in the window up to the next fault).
   */
  private String describe(FaultSchedule.Event event, List<Http.Exchange> all) {
    if (!event.done()) {
      return event.toString();
    }
    List<Http.Exchange> inFlight = all.stream()
        .filter(exchange -> exchange.sentAt() < event.startedAt() && exchange.answeredAt() > event.startedAt()).toList();
    long recovery = recovery(event, all);
    long afterEndMillis = event.startedAt() + recovery - event.endedAt();
    String afterEnd = event.fault().lasts.isZero() ? ""
        : afterEndMillis >= 0 ? " (" + afterEndMillis + " ms after it ended)" : " (while it lasted)";
    return event + ": " + inFlight.size() + " requests in flight, " + inFlight.stream().filter(exchange -> !exchange.definite()).count()
        + " of them failed; the last request failed or slow sent at +" + recovery + " ms" + afterEnd + "; " + rotation(event);
  }

  /**
   * When the gateway's count of the hit service's instances fell below what it was before the
   * fault, and when it was back (the thawed, healed or replacement node in the rotation again).
   */
  private String rotation(FaultSchedule.Event event) {
    Service service = event.node().orElseThrow().service;
    List<ReadinessWatch.Sample> before = run.watch().between(0, event.startedAt()).stream()
        .filter(sample -> sample.instances().containsKey(service)).toList();
    if (before.isEmpty()) {
      return "no readiness read before it";
    }
    int full = before.get(before.size() - 1).instances().get(service);
    List<ReadinessWatch.Sample> after = run.watch().between(event.startedAt(), Long.MAX_VALUE).stream()
        .filter(sample -> sample.instances().containsKey(service)).toList();
    int dropped = indexOf(after, 0, sample -> sample.instances().get(service) < full);
    if (dropped < 0) {
      return "the gateway kept " + full + " " + service.shortName + " instance(s) listed";
    }
    int back = indexOf(after, dropped, sample -> sample.instances().get(service) >= full);
    String until = back >= 0 ? " to +" + (after.get(back).at() - event.startedAt()) + " ms"
        : run.readiness() != null && run.readiness().instances(service) >= full ? " until after the load (whole again then)"
            : ", and " + full + " again never while it watched";
    return "the gateway listed fewer " + service.shortName + " instances from +" + (after.get(dropped).at() - event.startedAt())
        + " ms" + until;
  }

  private static int indexOf(List<ReadinessWatch.Sample> samples, int from, Predicate<ReadinessWatch.Sample> which) {
    for (int i = from; i < samples.size(); i++) {
      if (which.test(samples.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Milliseconds from the fault to the sending of the last request that failed or took more than
   * {@link #SLOW_MS} (0 if none did): requests sent later were served normally. Only what showed
   * before the next round counts (a request sent just before the next fault and failed by it is
   * that fault's).
   */
  private long recovery(FaultSchedule.Event event, List<Http.Exchange> all) {
    long next = event.startedAt() + event.fault().every.toMillis();
    return all.stream()
        .filter(exchange -> exchange.sentAt() >= event.startedAt())
        .filter(exchange -> !exchange.definite() && exchange.answeredAt() < next
            || exchange.millis() > SLOW_MS && exchange.sentAt() + SLOW_MS < next)
        .mapToLong(exchange -> exchange.sentAt() - event.startedAt())
        .max().orElse(0);
  }

  private String duplicates() {
    if (run.readiness() == null) {
      return "unknown (the gateway's readiness did not answer)";
    }
    return Service.DATA.stream().map(service -> service.shortName + " " + run.readiness().duplicates(service))
        .collect(Collectors.joining(", "));
  }

  private List<KeyedClient.Outcome> transfers(Predicate<KeyedClient.Outcome> which) {
    return run.transfers().stream().filter(transfer -> !transfer.attempts().isEmpty()).filter(which).toList();
  }

  private static long firstSent(KeyedClient.Outcome transfer) {
    return transfer.attempts().get(0).sentAt();
  }

  private long count(Predicate<KeyedClient.Outcome> which) {
    return run.transfers().stream().filter(which).count();
  }

  /** Resolved transfers per second. */
  private static double rate(List<KeyedClient.Outcome> transfers, long millis) {
    return millis <= 0 ? 0 : 1000.0 * transfers.stream().filter(KeyedClient.Outcome::resolved).count() / millis;
  }

  private static String share(List<Http.Exchange> exchanges) {
    long definite = exchanges.stream().filter(Http.Exchange::definite).count();
    return definite + " = " + Report.percent(definite, exchanges.size());
  }

}
