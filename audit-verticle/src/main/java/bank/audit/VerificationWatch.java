package bank.audit;

import bank.common.NodeMetrics;
import bank.common.Periodically;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the trail from the newest checkpoint periodically ({@code AUDIT_VERIFY_INTERVAL_SECONDS}),
 * so that a break shows without anyone asking (in the node's readiness, the check {@code chain}, in
 * {@code bank_audit_chain_broken} and in the log), and so that the checkpoints keep up with the
 * trail: a {@code GET /audit/verify} then hashes at most the events of one interval, however long
 * nobody asked. Each run also takes over a full verification whose runner is gone
 * ({@link FullVerifications#resumeAbandoned}), so that it finishes without anyone starting it again.
 */
final class VerificationWatch {

  private static final Logger LOG = LoggerFactory.getLogger(VerificationWatch.class);

  private final AuditRepository repository;
  private final FullVerifications fullVerifications;
  private final Periodically schedule;
  private final AtomicLong broken;
  private JsonObject last;

  VerificationWatch(Vertx vertx, AuditRepository repository, FullVerifications fullVerifications, Duration interval) {
    this.repository = repository;
    this.fullVerifications = fullVerifications;
    this.schedule = new Periodically(vertx, interval, this::run);
    this.broken = NodeMetrics.gauge(vertx, "bank.audit.chain.broken",
        "1 when the last periodic verification found the audit trail's hash chain broken, else 0", 1);
  }

  void start() {
    schedule.start();
  }

  void stop() {
    schedule.stop();
  }

  /** Down while the last run found a break; up before the first run and while the chain is intact. */
  Status status() {
    if (last == null) {
      return Status.OK();
    }
    JsonObject data = new JsonObject().put("lastSeq", last.getLong("lastSeq")).put("events", last.getLong("events"));
    if (last.getBoolean("intact")) {
      return Status.OK(data);
    }
    return Status.KO(data.put("firstBreak", last.getJsonObject("firstBreak")));
  }

  private Future<Void> run() {
    return repository.verify(false)
        .onSuccess(verdict -> {
          boolean newlyBroken = !verdict.getBoolean("intact") && (last == null || last.getBoolean("intact"));
          last = verdict;
          broken.set(verdict.getBoolean("intact") ? 0 : 1);
          if (newlyBroken) {
            JsonObject found = verdict.getJsonObject("firstBreak");
            LOG.error("the audit trail's hash chain is broken at seq {} ({}): {}, see GET /audit/verify",
                found.getLong("seq"), found.getString("id"), found.getString("reason"));
          }
        })
        .onFailure(failure -> LOG.warn("periodic verification of the audit trail failed: {}", failure.getMessage()))
        .transform(verified -> fullVerifications.resumeAbandoned())
        .onFailure(failure -> LOG.warn("could not look for an abandoned full verification: {}", failure.getMessage()));
  }
}
