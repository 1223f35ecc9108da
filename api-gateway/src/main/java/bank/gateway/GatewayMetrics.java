package bank.gateway;

import bank.common.NodeMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;

/** The gateway's own meters, beside what vertx-micrometer-metrics measures of HTTP and the event bus. */
final class GatewayMetrics {

  private GatewayMetrics() {
  }

  /**
   * {@code bank_circuit_breaker_state{service}}: 0 closed, 1 half-open (some instances' breakers
   * are open), 2 open (all are). With several gateway instances on a node, the first one's breakers.
   */
  static void breakers(Vertx vertx, List<ServiceClient<?>> services) {
    MeterRegistry registry = NodeMetrics.registry(vertx);
    for (ServiceClient<?> service : services) {
      Gauge.builder("bank.circuit.breaker.state", service, GatewayMetrics::breakerLevel)
          .description("Circuit breaker state of a downstream service: 0 closed, 1 half-open, 2 open")
          .tag("service", service.service())
          .strongReference(true)
          .register(registry);
    }
  }

  private static double breakerLevel(ServiceClient<?> service) {
    return switch (service.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /** {@code bank_idempotent_replays_total{operation}}: requests answered with the first outcome of their key. */
  static void replayed(Vertx vertx, String operation) {
    NodeMetrics.registry(vertx).counter("bank.idempotent.replays", "operation", operation).increment();
  }
}
