package bank.cluster;

import java.util.List;

/** The table of the overload run: goodput against the 16-connection peak, refusals by reason, latency of the accepted, breakers. */
final class OverloadReport {

  private static final double GOODPUT_TARGET = 0.8;
  private static final long ACCEPTED_P99_TARGET_MS = 1_000;

  private OverloadReport() {
  }

  static void print(OverloadTest.Run run) {
    List<Http.Exchange> peak = answeredBetween(run.exchanges(), run.peakFrom(), run.overloadFrom());
    List<Http.Exchange> overload = answeredBetween(run.exchanges(), run.overloadFrom(), run.overloadTo());
    double peakRate = perSecond(peak.stream().filter(Http.Exchange::definite).count(), run.overloadFrom() - run.peakFrom());
    double goodput = perSecond(overload.stream().filter(Http.Exchange::definite).count(), run.overloadTo() - run.overloadFrom());
    List<Long> accepted = overload.stream().filter(Http.Exchange::definite).map(Http.Exchange::millis).sorted().toList();
    List<Long> refused = overload.stream().filter(exchange -> !exchange.definite()).map(Http.Exchange::millis).toList();
    List<ReadinessWatch.Sample> samples = run.readiness().between(run.overloadFrom(), Long.MAX_VALUE);
    List<ReadinessWatch.Sample> during = run.readiness().between(run.overloadFrom(), run.overloadTo());
    ReadinessWatch.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);

    Report report = new Report("overload: " + OverloadTest.WARM_CONNECTIONS + " connections of keyed transfers for "
        + OverloadTest.WARM_UP.toSeconds() + " s, then " + OverloadTest.OVERLOAD_CONNECTIONS + " for "
        + OverloadTest.OVERLOAD.toSeconds() + " s (each connection a caller of its own)")
        .row("machine load average (1 min) at the start / end of the load, 2 cores", run.load())
        .row("peak at " + OverloadTest.WARM_CONNECTIONS + " connections (last " + OverloadTest.PEAK_WINDOW.toSeconds()
            + " s of the warm-up): definite answers/s", String.format("%.1f", peakRate))
        .row("goodput at " + OverloadTest.OVERLOAD_CONNECTIONS + " connections: definite answers/s",
            String.format("%.1f = %.2f of the peak ", goodput, peakRate == 0 ? 0 : goodput / peakRate)
                + Report.target("≥ " + GOODPUT_TARGET, goodput >= GOODPUT_TARGET * peakRate))
        .row("requests answered during the overload / accepted (2xx, 422)", overload.size() + " / " + accepted.size())
        .row("answers by status during the overload (-1: no answer)", Ledger.count(overload, Http.Exchange::status))
        .row("latency of the accepted at " + OverloadTest.WARM_CONNECTIONS + ", p50 / p99 / max",
            Report.latencies(peak.stream().filter(Http.Exchange::definite).map(Http.Exchange::millis).toList()))
        .row("latency of the accepted at " + OverloadTest.OVERLOAD_CONNECTIONS + ", p50 / p99 / max",
            Report.latencies(accepted) + " " + Report.target("p99 ≤ 1 s", Report.percentile(accepted, 0.99) <= ACCEPTED_P99_TARGET_MS))
        .row("latency of the refusals at " + OverloadTest.OVERLOAD_CONNECTIONS + ", p50 / p99 / max", Report.latencies(refused))
        .row("breakers opened (the gateway's log) from the overload on", run.breakersOpened().size() + " "
            + Report.target("none opened by shedding", run.breakersOpened().isEmpty()))
        .row("readiness during the overload: samples / with a breaker not CLOSED / not 200", during.size() + " / "
            + during.stream().filter(ReadinessWatch.Sample::breakerNotClosed).count() + " / "
            + during.stream().filter(sample -> sample.status() != 200).count())
        .row("readiness after the overload (last sample): status, instances with a breaker not CLOSED",
            last == null ? "none" : last.status() + ", " + last.notClosed())
        .row("transfers completed / rejected / unresolved after 30 s", run.transfers().stream().filter(KeyedClient.Outcome::completed).count()
            + " / " + run.transfers().stream().filter(KeyedClient.Outcome::rejected).count() + " / "
            + run.transfers().stream().filter(transfer -> !transfer.resolved()).count())
        .row("unresolved, sent once more after the load: completed / rejected / still unresolved",
            run.late().stream().filter(KeyedClient.Outcome::completed).count() + " / "
            + run.late().stream().filter(KeyedClient.Outcome::rejected).count() + " / "
            + run.late().stream().filter(transfer -> !transfer.resolved()).count());
    run.money().addTo(report);
    Reasons.counted(overload).forEach((reason, count) -> report.line(count + " × " + reason + " (during the overload)"));
    run.breakersOpened().stream().limit(10).forEach(line -> report.line("breaker: " + line));
    run.transfers().stream().filter(transfer -> !transfer.resolved()).limit(5)
        .forEach(transfer -> report.line("unresolved after 30 s: " + transfer.summary()));
    report.print();
  }

  private static List<Http.Exchange> answeredBetween(List<Http.Exchange> exchanges, long from, long to) {
    return exchanges.stream().filter(exchange -> exchange.answeredAt() >= from && exchange.answeredAt() < to).toList();
  }

  private static double perSecond(long count, long millis) {
    return millis <= 0 ? 0 : 1000.0 * count / millis;
  }
}
