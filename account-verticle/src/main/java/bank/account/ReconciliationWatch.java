package bank.account;

import bank.common.NodeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Reconciliation} periodically ({@code RECONCILE_INTERVAL_SECONDS}), so that a
 * difference in the books shows without anyone asking: in the node's readiness (the check
 * {@code reconciliation} is down) and in {@code bank_reconciliation_differences}, and in the log.
 */
final class ReconciliationWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationWatch.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Duration interval;
  private final MeterRegistry registry;
  private final AtomicLong differences;
  private JsonObject last;
  private long timerId = -1;
  private boolean running;

  ReconciliationWatch(Vertx vertx, Pool pool, Duration interval) {
    this.vertx = vertx;
    this.pool = pool;
    this.interval = interval;
    this.registry = NodeMetrics.registry(vertx);
    this.differences = NodeMetrics.gauge(vertx, "bank.reconciliation.differences",
        "Differences the last periodic reconciliation found in the books (0: balanced)", 1);
  }

  void start() {
    if (interval.isZero()) {
      return;
    }
    timerId = vertx.setPeriodic(interval.toMillis(), tick -> run());
  }

  void stop() {
    vertx.cancelTimer(timerId);
  }

  /** Down when the last run found a difference; up before the first run and while the books balance. */
  Status status() {
    if (last == null) {
      return Status.OK();
    }
    JsonObject data = new JsonObject()
        .put("checkedAt", last.getString("checkedAt"))
        .put("differences", last.getLong("differences"));
    return last.getBoolean("balanced") ? Status.OK(data) : Status.KO(data);
  }

  /** When the last run checked the books (ISO 8601, UTC), or null before the first. */
  String checkedAt() {
    return last == null ? null : last.getString("checkedAt");
  }

  /** BALANCED or DIFFERENCES as the last run found the books, NOT_RUN before the first. */
  String summary() {
    if (last == null) {
      return "NOT_RUN";
    }
    return last.getBoolean("balanced") ? "BALANCED" : "DIFFERENCES";
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    Reconciliation.run(pool, false)
        .onSuccess(report -> {
          boolean newlyUnbalanced = !report.getBoolean("balanced") && (last == null || last.getBoolean("balanced"));
          last = report;
          differences.set(report.getLong("differences"));
          registry.counter("bank.reconciliation.runs", "balanced", String.valueOf(report.getBoolean("balanced"))).increment();
          if (newlyUnbalanced) {
            LOG.error("the books do not balance: {} difference(s), see GET /reconciliation", report.getLong("differences"));
          }
        })
        .onFailure(failure -> LOG.warn("periodic reconciliation failed: {}", failure.getMessage()))
        .onComplete(done -> running = false);
  }
}
