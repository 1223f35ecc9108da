package bank.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each node's Prometheus registry: what vertx-micrometer-metrics measures (HTTP server and clients,
 * event bus, SQL pools, JVM) and the bank's own meters, registered through {@link #registry}.
 * Several nodes may share a JVM (the tests do), so each has a registry of its own.
 */
public final class NodeMetrics {

  /** Where a Vert.x instance built without metrics (a unit test's) registers: nowhere. */
  private static final MeterRegistry NOWHERE = new CompositeMeterRegistry();
  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<MeterRegistry, Map<String, AtomicLong>> GAUGES = new WeakHashMap<>();

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** Metrics for the Vert.x instance about to be built; call {@link #attach} once it is. */
  static NodeMetrics prepare(VertxBuilder builder, VertxOptions options) {
    NodeMetrics metrics = new NodeMetrics();
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // The registry is this node's, not the JVM-wide default one.
        .setRegistryName("bank-node-" + UUID.randomUUID())
        .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.EB_ADDRESS,
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

  /**
   * The value behind a gauge that every verticle instance of the node updates: the first call
   * registers the gauge, later ones (other instances, a redeployed verticle) get the same value,
   * so the gauge never stays bound to an instance that is gone. It shows {@code value / scale}.
   */
  public static AtomicLong gauge(Vertx vertx, String name, String description, double scale, String... tags) {
    MeterRegistry registry = registry(vertx);
    Map<String, AtomicLong> values;
    synchronized (GAUGES) {
      values = GAUGES.computeIfAbsent(registry, any -> new ConcurrentHashMap<>());
    }
    return values.computeIfAbsent(name + String.join(",", tags), key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, measured -> measured.get() / scale)
          .description(description)
          .tags(tags)
          .strongReference(true)
          .register(registry);
      return value;
    });
  }

  /** The node's registry as Prometheus scrapes it, or null when the node has no metrics. */
  public static PrometheusMeterRegistry prometheus(Vertx vertx) {
    return REGISTRIES.get(vertx);
  }
}
