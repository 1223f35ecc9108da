package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service instance on the event bus: its consumer at an address of its own
 * ({@code <service address>.<uuid>}), and its discovery record, published once the consumer is
 * registered. Callers pick instances from the records ({@link ServiceCaller}), so stopping is a
 * graceful leave: withdraw the record, keep serving while every caller learns of it, then stop
 * taking messages, let the requests in flight finish, and give their replies a moment to leave.
 * No message is sent to an address whose handler has gone, so none is lost on the way.
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
  private final ActionRouter router;
  private final MessageConsumer<JsonObject> consumer;
  private ServiceRegistration registration;

  private ServiceEndpoint(Vertx vertx, String name, ActionRouter router, MessageConsumer<JsonObject> consumer) {
    this.vertx = vertx;
    this.name = name;
    this.router = router;
    this.consumer = consumer;
  }

  /** Listens at {@code serviceAddress + "." + a new uuid}, then publishes the record. */
  public static Future<ServiceEndpoint> start(Vertx vertx, String name, String serviceAddress, ActionRouter router) {
    String address = serviceAddress + "." + UUID.randomUUID();
    ServiceEndpoint endpoint = new ServiceEndpoint(vertx, name, router,
        vertx.eventBus().consumer(address, router.forBank(BankIdentity.of(vertx))));
    return endpoint.consumer.completion()
        .compose(registered -> ServiceRegistration.publish(vertx, name, address))
        .map(published -> {
          endpoint.registration = published;
          return endpoint;
        });
  }

  public Future<Void> stop() {
    Future<Void> withdrawn = registration == null ? Future.succeededFuture() : registration.withdraw();
    return withdrawn
        .compose(done -> vertx.timer(WITHDRAWAL_PROPAGATION_MS))
        .compose(done -> consumer.unregister())
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
    router.idle().onComplete(done -> {
      vertx.cancelTimer(timer);
      drained.tryComplete();
    });
    return drained.future();
  }
}
