package bank.gateway;

import bank.common.ErrorCode;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Load shedding at the door: a bound on the API requests in progress at once in this gateway verticle
 * instance; past it, {@code 503 busy} with {@code Retry-After} at once. The bound adapts (Netflix's
 * concurrency-limits, additive increase and multiplicative decrease): each request answered within
 * {@code HTTP_TARGET_LATENCY_MS} while the door was at least half full raises it by one, up to
 * {@code HTTP_MAX_IN_FLIGHT}; each one slower than that, or answered with a {@code 5xx}, lowers it by
 * a tenth, down to {@link #MIN_LIMIT}. So a quiet bank never refuses, and an overloaded one lets in
 * as many requests as it completes within about the target (by Little's law) and tells the rest to
 * come back, instead of every request queueing behind all the others. A refusal is not an outage:
 * it opens no breaker and is logged only at DEBUG. The live event streams, health, metrics and the
 * documents are not counted: they are not the bank's work. Used from this verticle's event loop only.
 */
final class Admission implements PlatformHandler {

  /** The bound never goes below this: the concurrency at which the bank was measured at its best latency. */
  static final int MIN_LIMIT = 16;
  private static final List<String> UNCOUNTED = List.of("/events", "/health", "/metrics", "/openapi.yaml", "/ui/");
  /** Slow by nature (a scan of the books or of the trail): counted, but their time says nothing of queueing. */
  private static final List<String> UNSAMPLED = List.of("/reconciliation", "/audit/verify");

  private final SimpleLimiter<Void> limiter;

  Admission(int maxInFlight, long targetLatencyMs) {
    this.limiter = SimpleLimiter.newBuilder()
        .named("gateway")
        .limit(AIMDLimit.newBuilder()
            .initialLimit(maxInFlight)
            .maxLimit(maxInFlight)
            .minLimit(Math.min(MIN_LIMIT, maxInFlight))
            .timeout(targetLatencyMs, TimeUnit.MILLISECONDS)
            .build())
        .build();
  }

  @Override
  public void handle(RoutingContext context) {
    String path = context.request().path();
    if (path.equals("/") || UNCOUNTED.stream().anyMatch(path::startsWith)) {
      context.next();
      return;
    }
    Optional<Limiter.Listener> admitted = limiter.acquire(null);
    if (admitted.isEmpty()) {
      Problems.send(context, ErrorCode.BUSY, "the gateway is busy: " + limiter.getInflight() + " requests are in progress; retry shortly");
      return;
    }
    Limiter.Listener listener = admitted.get();
    boolean sampled = UNSAMPLED.stream().noneMatch(path::startsWith);
    context.addEndHandler(ended -> {
      if (!sampled) {
        listener.onIgnore();
      } else if (context.response().getStatusCode() >= 500) {
        listener.onDropped();
      } else {
        listener.onSuccess();
      }
    });
    context.next();
  }
}
