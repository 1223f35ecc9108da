package bank.transfer;

import bank.common.ActionRouter;
import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.Outbox;
import bank.common.ServiceRegistration;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** Wires the transfer service: pool, outbox relay, recovery pass, consumer, discovery record. */
public final class TransferVerticle extends VerticleBase {

  public static final String SCHEMA = "transfer";
  /** The service's event-bus address; the actions are listed in README.md. */
  public static final String ADDRESS = "bank.transfer";
  public static final String SERVICE_NAME = "transfer-service";
  private static final long RECOVERY_INTERVAL_MS = 2_000;

  private final DatabaseConfig database;
  private Pool pool;
  private Outbox outbox;
  private long recoveryTimer;
  private MessageConsumer<JsonObject> consumer;
  private ServiceRegistration registration;

  public TransferVerticle(DatabaseConfig database) {
    this.database = database;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    outbox = new Outbox(vertx, pool, SCHEMA);
    TransferRepository repository = new TransferRepository(pool, outbox);
    TransferProcess process = new TransferProcess(vertx.eventBus(), repository, outbox);
    TransferHandlers handlers = new TransferHandlers(repository, process);
    ActionRouter router = new ActionRouter(SERVICE_NAME)
        .on("create", handlers::create)
        .on("get", handlers::get)
        .on("list-by-account", handlers::listByAccount);
    consumer = vertx.eventBus().consumer(ADDRESS, router);
    outbox.start();
    recoveryTimer = vertx.setPeriodic(RECOVERY_INTERVAL_MS, tick -> process.recoverStranded());
    return consumer.completion()
        .compose(registered -> ServiceRegistration.publish(vertx, SERVICE_NAME, ADDRESS))
        .onSuccess(published -> registration = published);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(recoveryTimer);
    outbox.stop();
    Future<Void> withdrawn = registration == null ? Future.succeededFuture() : registration.withdraw();
    return withdrawn
        .compose(done -> consumer.unregister())
        .eventually(() -> pool.close());
  }
}
