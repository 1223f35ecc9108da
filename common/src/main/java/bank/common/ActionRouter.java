package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches the requests on a service's address to one handler per {@code action} header, and
 * turns each handler's outcome into exactly one reply or one failure with an {@link ErrorCode}.
 * A request from a node of another bank (or of none) is refused with {@link ErrorCode#UNAVAILABLE}:
 * a retryable failure, which no caller takes for an outcome.
 */
public final class ActionRouter implements Handler<Message<JsonObject>> {

  private static final Logger LOG = LoggerFactory.getLogger(ActionRouter.class);
  /** The time a request that carries no deadline gets (one sent by a test, or by a node of an older version). */
  static final long DEFAULT_BUDGET_MS = 10_000;

  private final String service;
  private final Map<String, Function<Command, Future<Reply>>> actions = new HashMap<>();
  /** The bank this service serves, or null: any caller. */
  private String bankId;
  private int inFlight;
  private Promise<Void> idle;

  public ActionRouter(String service) {
    this.service = service;
  }

  public ActionRouter on(String action, Function<Command, Future<Reply>> handler) {
    actions.put(action, handler);
    return this;
  }

  /** Serves the callers of this bank only (null: any caller); set once, before the first request. */
  public ActionRouter forBank(String bankId) {
    this.bankId = bankId;
    return this;
  }

  @Override
  public void handle(Message<JsonObject> message) {
    String action = message.headers().get(Wire.ACTION);
    String requestId = message.headers().get(Wire.REQUEST_ID);
    RequestContext.set(requestId);
    if (Wire.isFromAnotherBank(message, bankId)) {
      String sender = message.headers().get(Wire.BANK_ID);
      String stranger = sender == null ? "a node of no bank" : "bank '" + sender + "'";
      LOG.warn("{} refused {} from {}, request {}: this node serves bank '{}' only", service, action, stranger,
          requestId, bankId);
      message.fail(ErrorCode.UNAVAILABLE.code(), service + " of bank '" + bankId + "' does not serve " + stranger);
      return;
    }
    Function<Command, Future<Reply>> handler = actions.get(action);
    if (handler == null || message.body() == null) {
      message.fail(ErrorCode.INVALID_REQUEST.code(), service + " has no action '" + action + "' for this message");
      return;
    }
    Deadline deadline = Deadline.of(message.headers(), DEFAULT_BUDGET_MS);
    if (deadline.expired()) {
      // Whatever it did, its caller would have given up on the answer.
      message.fail(ErrorCode.TIMEOUT.code(), service + " got no time to answer within the request's deadline");
      return;
    }
    Future<Reply> outcome;
    inFlight++;
    try {
      outcome = handler.apply(new Command(message.body(), requestId, Caller.of(message.headers()), deadline,
          attempt(message)));
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    outcome.onComplete(
        reply -> {
          LOG.debug("{} {} answered", service, action);
          message.reply(reply.body(), reply.options());
        },
        failure -> fail(message, action, requestId, failure));
    outcome.onComplete(done -> {
      inFlight--;
      if (inFlight == 0 && idle != null) {
        idle.tryComplete();
      }
    });
  }

  private static int attempt(Message<JsonObject> message) {
    try {
      return Math.max(1, Integer.parseInt(message.headers().get(Wire.ATTEMPT)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Completes once no request is being handled: call after the consumer stopped taking new ones. */
  public Future<Void> idle() {
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    idle = Promise.promise();
    return idle.future();
  }

  private void fail(Message<JsonObject> message, String action, String requestId, Throwable failure) {
    io.vertx.serviceproxy.ServiceException answer = Failures.answer(service, action, requestId, failure);
    message.fail(answer.failureCode(), answer.getMessage());
  }
}
