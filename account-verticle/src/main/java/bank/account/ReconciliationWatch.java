package bank.account;

import bank.common.NodeMetrics;
import bank.common.Periodically;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
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

  private final Pool pool;
  private final Periodically schedule;
  private final MeterRegistry registry;
  private final AtomicLong differences;
  private JsonObject last;

  ReconciliationWatch(Vertx vertx, Pool pool, Duration interval) {
    this.pool = pool;
    this.schedule = new Periodically(vertx, interval, this::run);
    this.registry = NodeMetrics.registry(vertx);
    this.differences = NodeMetrics.gauge(vertx, "bank.reconciliation.differences",
        "Differences the last periodic reconciliation found in the books (0: balanced)", 1);
  }

  void start() {
    schedule.start();
  }

  void stop() {
    schedule.stop();
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

  private Future<JsonObject> run() {
    return Reconciliation.run(pool, false)
        .onSuccess(report -> {
          boolean newlyUnbalanced = !report.getBoolean("balanced") && (last == null || last.getBoolean("balanced"));
          last = report;
          differences.set(report.getLong("differences"));
          registry.counter("bank.reconciliation.runs", "balanced", String.valueOf(report.getBoolean("balanced"))).increment();
          if (newlyUnbalanced) {
            LOG.error("the books do not balance: {} difference(s), see GET /reconciliation", report.getLong("differences"));
          }
        })
        .onFailure(failure -> LOG.warn("periodic reconciliation failed: {}", failure.getMessage()));
  }
}
