package bank.database;

import bank.common.NodeMetrics;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bank_outbox_waiting_events{schema}} and {@code bank_outbox_oldest_seconds{schema}}: the
 * events of a service's outbox that the audit service has not confirmed yet, as last measured by
 * any instance of the node.
 */
final class OutboxLag {

  private final AtomicLong waiting;
  private final AtomicLong oldestMillis;

  OutboxLag(Vertx vertx, String schema) {
    waiting = NodeMetrics.gauge(vertx, "bank.outbox.waiting.events",
        "Events in the outbox not yet confirmed by the audit service", 1, "schema", schema);
    oldestMillis = NodeMetrics.gauge(vertx, "bank.outbox.oldest.seconds",
        "Age of the oldest event waiting in the outbox", 1000, "schema", schema);
  }

  void update(long waitingEvents, double oldestSeconds) {
    waiting.set(waitingEvents);
    oldestMillis.set(Math.round(oldestSeconds * 1000));
  }
}
