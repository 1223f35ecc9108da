package bank.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bank_outbox_waiting_events{schema}} and {@code bank_outbox_oldest_seconds{schema}}: the
 * events of a service's outbox that the audit service has not confirmed yet, as last measured.
 * The instances of a node share one pair of gauges per schema.
 */
final class OutboxLag {

  private final AtomicLong waiting = new AtomicLong();
  private volatile double oldestSeconds;

  private OutboxLag() {
  }

  static OutboxLag of(MeterRegistry registry, String schema) {
    OutboxLag lag = new OutboxLag();
    Gauge.builder("bank.outbox.waiting.events", lag.waiting, AtomicLong::get)
        .strongReference(true)
        .description("Events in the outbox not yet confirmed by the audit service")
        .tag("schema", schema)
        .register(registry);
    Gauge.builder("bank.outbox.oldest.seconds", lag, measured -> measured.oldestSeconds)
        .description("Age of the oldest event waiting in the outbox")
        .tag("schema", schema)
        .strongReference(true)
        .register(registry);
    return lag;
  }

  void update(long waitingEvents, double oldest) {
    waiting.set(waitingEvents);
    oldestSeconds = oldest;
  }
}
