package bank.contracts;

import bank.common.ActionRouter;
import bank.common.BankIdentity;
import bank.common.ErrorCode;
import bank.common.ServiceRegistration;
import bank.common.Wire;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;
import io.vertx.serviceproxy.ServiceInterceptor;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service instance on the event bus: its contract bound at an address of its own
 * ({@code <service address>.<uuid>.v2}), version 1 of it (the flat messages of 0.1.0) at
 * {@code <service address>.<uuid>} for the callers of the previous release, and its discovery
 * record naming both, published once both listen. Callers pick instances from the records
 * ({@code ServiceCaller}), so stopping is a graceful leave: withdraw the record, keep serving while
 * every caller learns of it, then stop taking messages, let the calls in flight finish, and give
 * their replies a moment to leave. No message is sent to an address whose handler has gone.
 */
public final class ServiceEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceEndpoint.class);
  /** Time for every caller to learn that the record was withdrawn (announce and refresh take milliseconds). */
  private static final long WITHDRAWAL_PROPAGATION_MS = 1_000;
  /** Time for the last replies to leave this node before it closes its event bus. */
  private static final long LEAVE_GRACE_MS = 500;
  private static final long DRAIN_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final String name;
  private final ActionRouter version1;
  private final MessageConsumer<JsonObject> version1Consumer;
  private final CallGuard<?> guard;
  private final MessageConsumer<JsonObject> consumer;
  private ServiceRegistration registration;

  private ServiceEndpoint(Vertx vertx, String name, ActionRouter version1, MessageConsumer<JsonObject> version1Consumer,
      CallGuard<?> guard, MessageConsumer<JsonObject> consumer) {
    this.vertx = vertx;
    this.name = name;
    this.version1 = version1;
    this.version1Consumer = version1Consumer;
    this.guard = guard;
    this.consumer = consumer;
  }

  /**
   * Binds {@code service} as the {@code contract} interface and {@code version1} beside it, then
   * publishes the record.
   */
  public static <S> Future<ServiceEndpoint> start(Vertx vertx, String name, String serviceAddress, Class<S> contract,
      S service, ActionRouter version1) {
    String bankId = BankIdentity.of(vertx);
    String address = serviceAddress + "." + UUID.randomUUID();
    String contractAddress = address + ".v" + CallContext.CONTRACT;
    CallGuard.Guarded<S> guarded = CallGuard.guard(name, contract, service);
    MessageConsumer<JsonObject> consumer = new ServiceBinder(vertx)
        .setAddress(contractAddress)
        .addInterceptor(sameBank(name, bankId))
        .register(contract, guarded.service());
    MessageConsumer<JsonObject> version1Consumer = vertx.eventBus().consumer(address, version1.forBank(bankId));
    ServiceEndpoint endpoint = new ServiceEndpoint(vertx, name, version1, version1Consumer, guarded.guard(), consumer);
    return Future.all(consumer.completion(), version1Consumer.completion())
        .compose(registered -> endpoint.keep(
            ServiceRegistration.publish(vertx, name, address, CallContext.CONTRACT, contractAddress)));
  }

  /**
   * An instance that serves version 1 only, as a node of 0.1.0 does: what tests use to stand for
   * one, or for a stranger that speaks only the flat messages.
   */
  public static Future<ServiceEndpoint> start(Vertx vertx, String name, String serviceAddress, ActionRouter version1) {
    String address = serviceAddress + "." + UUID.randomUUID();
    MessageConsumer<JsonObject> version1Consumer = vertx.eventBus().consumer(address, version1.forBank(BankIdentity.of(vertx)));
    ServiceEndpoint endpoint = new ServiceEndpoint(vertx, name, version1, version1Consumer, null, null);
    return version1Consumer.completion()
        .compose(registered -> endpoint.keep(ServiceRegistration.publish(vertx, name, address)));
  }

  /** Keeps the record once it is published, to withdraw it on leaving. */
  private Future<ServiceEndpoint> keep(Future<ServiceRegistration> published) {
    return published.map(registration -> {
      this.registration = registration;
      return this;
    });
  }

  /**
   * Refuses a call from a node of another bank (or of none) with {@link ErrorCode#UNAVAILABLE}: a
   * retryable failure, which no caller takes for an outcome.
   */
  private static ServiceInterceptor sameBank(String name, String bankId) {
    return (vertx, context, message) -> {
      if (!Wire.isFromAnotherBank(message, bankId)) {
        return Future.succeededFuture(message);
      }
      String sender = message.headers().get(Wire.BANK_ID);
      String stranger = sender == null ? "a node of no bank" : "bank '" + sender + "'";
      LOG.warn("{} refused {} from {}: this node serves bank '{}' only", name, message.headers().get(Wire.ACTION),
          stranger, bankId);
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, ErrorCode.UNAVAILABLE.code(),
          name + " of bank '" + bankId + "' does not serve " + stranger));
    };
  }

  public Future<Void> stop() {
    Future<Void> withdrawn = registration == null ? Future.succeededFuture() : registration.withdraw();
    return withdrawn
        .compose(done -> vertx.timer(WITHDRAWAL_PROPAGATION_MS))
        .compose(done -> Future.all(consumer == null ? Future.succeededFuture() : consumer.unregister(),
            version1Consumer.unregister()))
        .compose(done -> drained())
        .compose(done -> vertx.timer(LEAVE_GRACE_MS))
        .mapEmpty();
  }

  private Future<Void> drained() {
    Promise<Void> drained = Promise.promise();
    long timer = vertx.setTimer(DRAIN_TIMEOUT_MS, tick -> {
      if (drained.tryComplete()) {
        LOG.warn("{} stopped with requests still in flight after {} ms", name, DRAIN_TIMEOUT_MS);
      }
    });
    Future.all(guard == null ? Future.succeededFuture() : guard.idle(), version1.idle()).onComplete(done -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future();
  }
}
