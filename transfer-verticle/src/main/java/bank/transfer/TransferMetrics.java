package bank.transfer;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * {@code bank_transfers_total{status, reason}}: transfers finished, counted once, when their
 * outcome is recorded; {@code bank_amount_moved_total{kind="transfer", currency}}: the minor units
 * that completed transfers moved.
 */
final class TransferMetrics {

  private final MeterRegistry registry;

  TransferMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void finished(JsonObject transfer) {
    String status = transfer.getString("status");
    registry.counter("bank.transfers", "status", status, "reason", transfer.getString("reason", "none")).increment();
    if ("COMPLETED".equals(status)) {
      registry.counter("bank.amount.moved", "kind", "transfer", "currency", transfer.getString("currency"))
          .increment(transfer.getLong("amount"));
    }
  }
}
