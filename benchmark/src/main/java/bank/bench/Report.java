package bank.bench;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** What the benchmark found, as a Markdown table. */
record Report(LocalDate date, Bench.Settings settings, String durability, PgBench.Result pgbench, Bench.WarmUp warmUp,
    Load.Result peak, Instant peakFrom, Instant peakTo, Statements.Work database, Bench.Backlog backlog, double openRate,
    Load.Result half, Map<String, ProcessStats.Cpu> cpuPer1000Transfers,
    Map<String, ProcessStats.Cpu> cpuPer1000TransfersHalf, Map<String, Long> peakRssMib, Map<String, Long> pids,
    Bench.History history, long totalBalance,
    long expectedTotal, long negativeBalances, int accountsRead) {

  boolean moneyConserved() {
    return totalBalance == expectedTotal && negativeBalances == 0 && accountsRead == settings.accounts();
  }

  double ratio() {
    return peak.transfersPerSecond() / pgbench.tps();
  }

  /** A stall shows as a second whose slowest transfer took far longer than its neighbours'. */
  private static String timeline(Load.Result run) {
    return run.timeline().stream()
        .map(second -> (second.slowestTransferMicros() / 1000)
            + (second.errors() > 0 ? " (" + second.errors() + ")" : ""))
        .collect(Collectors.joining(" "));
  }

  /**
   * The share of the machine's cores the processes used during a run: half the peak's requests
   * need more than half the CPU when each batch carries fewer of them.
   */
  private static double busy(Map<String, ProcessStats.Cpu> per1000, Load.Result run) {
    double seconds = per1000.values().stream().mapToDouble(ProcessStats.Cpu::total).sum() * run.transfers() / 1000.0;
    return seconds / run.seconds() / Runtime.getRuntime().availableProcessors();
  }

  String table() {
    StringBuilder table = new StringBuilder()
        .append("| ").append(date).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(settings.accounts()).append(" accounts, ").append(settings.clients()).append(" clients, ")
        .append(settings.measure().toSeconds()).append(" s per run, PostgreSQL ").append(durability).append(" | |\n")
        .append("| --- | --- |\n");
    row(table, "pgbench: plain-SQL transfer transactions/s (same PostgreSQL, durable commits)", "%.0f", pgbench.tps());
    row(table, "HTTP warm-up (JIT)", "%s", warmUp.summary());
    row(table, String.format("cold start: transfers/s in the first %d s of transfers (the nodes had only opened the accounts); share of the closed loop's rate",
        warmUp.coldSpan().toSeconds()), "%s", String.format("%.0f; %.0f %%", warmUp.coldRate(),
        100 * warmUp.coldRate() / Math.max(1e-9, peak.transfersPerSecond())));
    row(table, "**durable transfers/s through the gateway** (closed loop)", "**%.0f**", peak.transfersPerSecond());
    row(table, "**ratio: gateway transfers/s / pgbench transactions/s**", "**%.2f**", ratio());
    row(table, "reads/s alongside (GET /accounts/{id}, one per " + Load.TRANSFERS_PER_READ + " transfers)", "%.0f",
        peak.readsPerSecond());
    row(table, "closed loop: transfer latency p50 / p99 / p99.9", "%s", percentiles(peak.transferLatency()));
    row(table, "closed loop: answers by status", "%s", peak.statuses());
    row(table, "PostgreSQL per transfer (closed loop, reads included): statements sent; transactions committed", "%s",
        String.format("%.1f; %.1f", database.statementsPerTransfer(), database.commitsPerTransfer()));
    row(table, "audit trail at the end of the closed loop: events not yet relayed; all relayed after", "%s",
        String.format("%d; %.1f s", backlog.events(), backlog.seconds()));
    row(table, String.format("open loop at %.0f requests/s (half the peak): transfer latency p50 / p99 / p99.9", openRate),
        "%s", percentiles(half.transferLatency()));
    row(table, "open loop: read latency p50 / p99 / p99.9", "%s", percentiles(half.readLatency()));
    row(table, "open loop: answers by status; errors", "%s", half.statuses() + "; " + half.errors());
    row(table, "each second of the closed loop, then of the open loop: its slowest transfer in ms (its errors)", "%s",
        timeline(peak) + "; " + timeline(half));
    row(table, "CPU seconds per 1000 transfers (closed loop): total (user + system)", "%s",
        cpuPer1000Transfers.entrySet().stream()
            .map(entry -> String.format("%s %.2f (%.2f + %.2f)", entry.getKey(), entry.getValue().total(),
                entry.getValue().user(), entry.getValue().system()))
            .collect(Collectors.joining(", ")));
    row(table, "CPU seconds per 1000 transfers (open loop: smaller batches)", "%s",
        cpuPer1000TransfersHalf.entrySet().stream()
            .map(entry -> String.format("%s %.2f", entry.getKey(), entry.getValue().total()))
            .collect(Collectors.joining(", ")));
    row(table, "CPU busy, every process together, as a share of the cores: closed loop; open loop at half the peak", "%s",
        String.format("%.0f %%; %.0f %%", 100 * busy(cpuPer1000Transfers, peak), 100 * busy(cpuPer1000TransfersHalf, half)));
    row(table, "peak RSS per JVM (MiB)", "%s", peakRssMib.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", ")));
    Statements.Storage storage = history.storage();
    row(table, "on disk at the end: bytes per transfer (the three schemas, indexes included / transfers recorded)", "%s",
        String.format("%.0f (%.1f MB / %d)", (double) storage.bytes() / Math.max(1, storage.transfers()),
            storage.bytes() / 1e6, storage.transfers()));
    row(table, "GET /audit/verify after the closed loop (from the newest checkpoint, a periodic verification's, if any); "
        + "at the end (from that one's)",
        "%s", verification(history.first().verification()) + "; " + verification(history.atTheEnd().verification()));
    row(table, "GET /reconciliation after the closed loop; at the end (from the checkpoints that one left)", "%s",
        reconciliation(history.first().reconciliation()) + "; " + reconciliation(history.atTheEnd().reconciliation()));
    row(table, "at the end: a full verification (POST /audit/verifications, in pages, to DONE; every event); "
        + "GET /reconciliation/full (every entry)", "%s",
        verification(history.full().verification()) + "; " + reconciliation(history.full().reconciliation()));
    row(table, "money check", "%s", moneyConserved()
        ? String.format("conserved: %d accounts hold %d = %d x %d, none negative", accountsRead, totalBalance,
            settings.accounts(), Bench.INITIAL_BALANCE)
        : String.format("BROKEN: %d accounts hold %d, expected %d; %d negative", accountsRead, totalBalance, expectedTotal,
            negativeBalances));
    return table.toString();
  }

  /** The statements that took PostgreSQL the most time in the closed loop. */
  String statements() {
    StringBuilder table = new StringBuilder("| statement (closed loop, by execution time) | calls per transfer | ms per transfer |\n")
        .append("| --- | --- | --- |\n");
    for (Statements.Share share : database.top()) {
      String query = share.query().length() > 110 ? share.query().substring(0, 107) + "..." : share.query();
      table.append("| `").append(query.replace("|", "\\|")).append("` | ")
          .append(String.format("%.2f | %.3f", share.callsPerTransfer(), share.millisPerTransfer())).append(" |\n");
    }
    return table.toString();
  }

  private static String reconciliation(Bench.Timed reconciliation) {
    JsonObject report = reconciliation.answer();
    return String.format("%.2f s (%d entries summed; %d accounts; balanced %s)", reconciliation.seconds(),
        report.getLong("entriesSummed", 0L), report.getLong("accounts"), report.getBoolean("balanced"));
  }

  private static String verification(Bench.Timed verification) {
    JsonObject verdict = verification.answer();
    return String.format("%.2f s (hashed seq %d to %d; %d events in the chain; intact %s)", verification.seconds(),
        verdict.getLong("verifiedAfter", 0L) + 1, verdict.getLong("lastSeq", 0L), verdict.getLong("events"),
        verdict.getBoolean("intact"));
  }

  /** Where the bytes of the previous table's line are: each table with its indexes, per transfer recorded. */
  String storage() {
    Statements.Storage storage = history.storage();
    double per = Math.max(1, storage.transfers());
    StringBuilder table = new StringBuilder("| table (at the end, with its indexes) | rows | bytes per transfer |\n")
        .append("| --- | --- | --- |\n");
    storage.tables().stream().filter(one -> one.bytes() / per >= 1).forEach(one -> table.append("| `")
        .append(one.name()).append("` | ").append(one.rows()).append(" | ")
        .append(String.format("%.0f", one.bytes() / per)).append(" |\n"));
    return table.toString();
  }

  private static String percentiles(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return "no requests";
    }
    return String.format("%.1f / %.1f / %.1f ms", micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0);
  }

  private static void row(StringBuilder table, String name, String format, Object value) {
    table.append("| ").append(name).append(" | ").append(String.format(format, value)).append(" |\n");
  }
}
