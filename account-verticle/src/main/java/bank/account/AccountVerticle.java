package bank.account;

import bank.common.ActionRouter;
import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.NodeMetrics;
import bank.common.OpsConfig;
import bank.common.OpsServer;
import bank.common.Outbox;
import bank.common.Reply;
import bank.common.ServiceDirectory;
import bank.common.ServiceEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/** Wires the account service: its pool, its outbox relay, its consumer and its discovery record. */
public final class AccountVerticle extends VerticleBase {

  public static final String SCHEMA = "account";
  /** The prefix of its instances' event-bus addresses; the actions are listed in README.md. */
  public static final String ADDRESS = "bank.account";
  public static final String SERVICE_NAME = "account-service";

  /** How often each instance checks the books when RECONCILE_INTERVAL_SECONDS is not set. */
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(60);

  private final DatabaseConfig database;
  private final OpsConfig ops;
  private final Duration reconcileInterval;
  private Pool pool;
  private ReconciliationWatch reconciliation;
  private ServiceDirectory directory;
  private Outbox outbox;
  private ServiceEndpoint endpoint;

  public AccountVerticle(DatabaseConfig database) {
    this(database, OpsConfig.OFF, DEFAULT_RECONCILE_INTERVAL);
  }

  /** {@code reconcileInterval} zero: no periodic reconciliation. */
  public AccountVerticle(DatabaseConfig database, OpsConfig ops, Duration reconcileInterval) {
    this.database = database;
    this.ops = ops;
    this.reconcileInterval = reconcileInterval;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    directory = new ServiceDirectory(vertx);
    outbox = new Outbox(vertx, pool, SCHEMA, directory);
    AccountHandlers handlers = new AccountHandlers(new AccountRepository(pool, outbox, database.poolQueue()), outbox,
        NodeMetrics.registry(vertx));
    ActionRouter router = new ActionRouter(SERVICE_NAME)
        .on("open", handlers::open)
        .on("get", handlers::get)
        .on("list", handlers::list)
        .on("deposit", handlers::deposit)
        .on("withdraw", handlers::withdraw)
        .on("apply-transfer", handlers::applyTransfer)
        .on("reconcile", handlers::reconcile)
        // Readiness shows the state of the books beside the database's (the gateway passes it on).
        .on("health", command -> Databases.health(pool)
            .map(reply -> Reply.of(reply.body().put("reconciliation", reconciliation.summary())
                .put("checkedAt", reconciliation.checkedAt()))));
    reconciliation = new ReconciliationWatch(vertx, pool, reconcileInterval);
    return directory.start()
        .onSuccess(started -> {
          outbox.start();
          reconciliation.start();
        })
        // The operations port first: a port that is taken stops the node before it publishes anything.
        .compose(started -> OpsServer.start(vertx, ops, OpsServer.readiness(vertx, pool)
            .register("reconciliation", promise -> promise.complete(reconciliation.status()))))
        .compose(listening -> ServiceEndpoint.start(vertx, SERVICE_NAME, ADDRESS, router))
        .onSuccess(started -> endpoint = started);
  }

  /** Leave gracefully (see {@link ServiceEndpoint}), then close the pool. */
  @Override
  public Future<?> stop() {
    outbox.stop();
    reconciliation.stop();
    Future<Void> left = endpoint == null ? Future.succeededFuture() : endpoint.stop();
    return left.eventually(() -> {
      directory.stop();
      return pool.close();
    });
  }
}
