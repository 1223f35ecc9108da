package bank.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Each node's Prometheus registry: what vertx-micrometer-metrics measures (HTTP server and clients,
 * event bus, SQL pools, JVM) and the bank's own meters, registered through {@link #registry}.
 * Several nodes may share a JVM (the tests do), so each has a registry of its own.
 */
public final class NodeMetrics {

  /** Where a Vert.x instance built without metrics (a unit test's) registers: nowhere. */
  private static final MeterRegistry NOWHERE = new CompositeMeterRegistry();
  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Metrics for the Vert.x instance about to be built; call {@link #attach} once it is. */
  static NodeMetrics prepare(VertxBuilder builder, io.vertx.core.VertxOptions options) {
    NodeMetrics metrics = new NodeMetrics();
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // The registry is this node's, not the JVM-wide default one.
        .setRegistryName("bank-node-" + UUID.randomUUID())
        .setLabels(java.util.EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.EB_ADDRESS,
            Label.EB_FAILURE, Label.POOL_TYPE, Label.POOL_NAME)));
    builder.withMetrics(new MicrometerMetricsFactory(metrics.registry));
    return metrics;
  }

  Vertx attach(Vertx vertx) {
    REGISTRIES.put(vertx, registry);
    return vertx;
  }

  /** The node's registry, for the bank's own meters. */
  public static MeterRegistry registry(Vertx vertx) {
    PrometheusMeterRegistry registry = REGISTRIES.get(vertx);
    return registry == null ? NOWHERE : registry;
  }

  /** The node's registry as Prometheus scrapes it, or null when the node has no metrics. */
  public static PrometheusMeterRegistry prometheus(Vertx vertx) {
    return REGISTRIES.get(vertx);
  }
}
