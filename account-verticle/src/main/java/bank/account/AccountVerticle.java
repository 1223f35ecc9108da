package bank.account;

import bank.common.ActionRouter;
import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.Outbox;
import bank.common.ServiceDirectory;
import bank.common.ServiceEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Wires the account service: its pool, its outbox relay, its consumer and its discovery record. */
public final class AccountVerticle extends VerticleBase {

  public static final String SCHEMA = "account";
  /** The prefix of its instances' event-bus addresses; the actions are listed in README.md. */
  public static final String ADDRESS = "bank.account";
  public static final String SERVICE_NAME = "account-service";

  private final DatabaseConfig database;
  private Pool pool;
  private ServiceDirectory directory;
  private Outbox outbox;
  private ServiceEndpoint endpoint;

  public AccountVerticle(DatabaseConfig database) {
    this.database = database;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    directory = new ServiceDirectory(vertx);
    outbox = new Outbox(vertx, pool, SCHEMA, directory);
    AccountHandlers handlers = new AccountHandlers(new AccountRepository(pool, outbox, database.poolQueue()), outbox);
    ActionRouter router = new ActionRouter(SERVICE_NAME)
        .on("open", handlers::open)
        .on("get", handlers::get)
        .on("list", handlers::list)
        .on("deposit", handlers::deposit)
        .on("withdraw", handlers::withdraw)
        .on("apply-transfer", handlers::applyTransfer)
        .on("health", command -> Databases.health(pool));
    return directory.start()
        .onSuccess(started -> outbox.start())
        .compose(started -> ServiceEndpoint.start(vertx, SERVICE_NAME, ADDRESS, router))
        .onSuccess(started -> endpoint = started);
  }

  /** Leave gracefully (see {@link ServiceEndpoint}), then close the pool. */
  @Override
  public Future<?> stop() {
    outbox.stop();
    Future<Void> left = endpoint == null ? Future.succeededFuture() : endpoint.stop();
    return left.eventually(() -> {
      directory.stop();
      return pool.close();
    });
  }
}
