package bank.gateway;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import bank.common.Wire;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one downstream service over the event bus, through its own circuit breaker: a service
 * with no instance fails at once, a slow one fails after the timeout, and one that keeps failing
 * opens the breaker so that callers fail fast until it recovers. Business answers (404, 422, ...)
 * are not failures of the service and never open the breaker.
 */
final class ServiceClient {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceClient.class);
  private static final int UNDELIVERED_RETRIES = 3;
  private static final long RETRY_DELAY_MS = 100;

  private final Vertx vertx;
  private final String service;
  private final ServiceDirectory directory;
  private final CircuitBreaker breaker;
  private final long timeoutMs;

  ServiceClient(Vertx vertx, String service, ServiceDirectory directory, long timeoutMs) {
    this.vertx = vertx;
    this.service = service;
    this.directory = directory;
    this.timeoutMs = timeoutMs;
    this.breaker = CircuitBreaker.create(service, vertx, new CircuitBreakerOptions()
            .setMaxFailures(5)
            .setTimeout(timeoutMs)
            .setResetTimeout(5_000))
        .failurePolicy(ServiceClient::isOutage)
        .openHandler(opened -> LOG.warn("circuit breaker for {} opened", service))
        .halfOpenHandler(halfOpen -> LOG.info("circuit breaker for {} half-open: trying again", service))
        .closeHandler(closed -> LOG.info("circuit breaker for {} closed", service));
  }

  Future<Message<JsonObject>> request(String action, JsonObject body, String requestId) {
    return request(action, body, requestId, 0);
  }

  /**
   * A message that found no handler never reached the service, so it is safe to send again: that
   * happens to a message in transit while an instance leaves, before the cluster has learnt it.
   */
  private Future<Message<JsonObject>> request(String action, JsonObject body, String requestId, int attempt) {
    String address = directory.address(service);
    if (address == null) {
      return Future.failedFuture(new ServiceException(ErrorCode.UNAVAILABLE, service + " has no live instance"));
    }
    return breaker.<Message<JsonObject>>execute(() -> vertx.eventBus().request(address, body,
            Wire.request(action, requestId).setSendTimeout(timeoutMs)))
        .recover(failure -> isUndelivered(failure) && attempt < UNDELIVERED_RETRIES
            ? vertx.timer(RETRY_DELAY_MS).compose(waited -> request(action, body, requestId, attempt + 1))
            : Future.failedFuture(failure));
  }

  private static boolean isUndelivered(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  String service() {
    return service;
  }

  CircuitBreakerState state() {
    return breaker.state();
  }

  int instances() {
    return directory.instances(service);
  }

  /**
   * What counts against the breaker: no answer, or a service reporting an outage or a bug. A message
   * that found no handler does not: it is retried, and a service with no instance at all is known
   * from the directory.
   */
  private static boolean isOutage(Future<Message<JsonObject>> outcome) {
    if (outcome.succeeded() || isUndelivered(outcome.cause())) {
      return false;
    }
    if (outcome.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      return ErrorCode.of(reply.failureCode()).httpStatus() >= 500;
    }
    return true;
  }
}
