package bank.account;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeMetrics;
import bank.common.OpsConfig;
import bank.common.OpsServer;
import bank.database.Outbox;
import bank.common.ServiceDirectory;
import bank.contracts.ServiceEndpoint;
import bank.contracts.account.AccountService;
import bank.contracts.account.AccountServiceV1;
import bank.contracts.audit.AuditSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/** Wires the account service: its pool, its outbox relay, its consumer and its discovery record. */
public final class AccountVerticle extends VerticleBase {

  public static final String SCHEMA = "account";

  /** How often each instance checks the books when RECONCILE_INTERVAL_SECONDS is not set. */
  public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);

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
    outbox = new Outbox(vertx, pool, SCHEMA, new AuditSink(vertx, directory));
    reconciliation = new ReconciliationWatch(vertx, pool, reconcileInterval);
    AccountService service = new AccountServiceImpl(pool, new AccountRepository(pool, outbox, database.poolQueue()),
        outbox, NodeMetrics.registry(vertx), reconciliation);
    return directory.start()
        .onSuccess(started -> {
          outbox.start();
          reconciliation.start();
        })
        // The operations port first: a port that is taken stops the node before it publishes anything.
        .compose(started -> OpsServer.start(vertx, ops, Databases.readiness(vertx, pool)
            .register("reconciliation", promise -> promise.complete(reconciliation.status()))))
        .compose(listening -> ServiceEndpoint.start(vertx, AccountService.NAME, AccountService.ADDRESS,
            AccountService.class, service, AccountServiceV1.actions(service)))
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
