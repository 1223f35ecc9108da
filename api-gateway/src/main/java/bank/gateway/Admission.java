package bank.gateway;

import bank.common.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.List;

/**
 * Load shedding at the door: at most {@code HTTP_MAX_IN_FLIGHT} API requests in progress at once in
 * this gateway verticle instance; past it, {@code 503 busy} with {@code Retry-After} at once. Under
 * overload the requests let in keep their latency (by Little's law, the bound over the rate the bank
 * completes) and the rest are told to come back, instead of every request queueing behind all the
 * others. A refusal is not an outage: it opens no breaker and is logged only at DEBUG. The live
 * event streams, health, metrics and the documents are not counted: they are not the bank's work.
 * Used from this verticle's event loop only.
 */
final class Admission implements PlatformHandler {

  private static final List<String> UNCOUNTED = List.of("/events", "/health", "/metrics", "/openapi.yaml", "/ui/");

  private final int maxInFlight;
  private int inFlight;

  Admission(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  @Override
  public void handle(RoutingContext context) {
    String path = context.request().path();
    if (path.equals("/") || UNCOUNTED.stream().anyMatch(path::startsWith)) {
      context.next();
      return;
    }
    if (inFlight >= maxInFlight) {
      Problems.send(context, ErrorCode.BUSY, "the gateway is busy: " + inFlight + " requests are in progress; retry shortly");
      return;
    }
    inFlight++;
    context.addEndHandler(ended -> inFlight--);
    context.next();
  }
}
