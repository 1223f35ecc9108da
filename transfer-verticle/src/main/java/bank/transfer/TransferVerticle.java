package bank.transfer;

import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeMetrics;
import bank.common.OpsConfig;
import bank.common.OpsServer;
import bank.database.Outbox;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.ContractCaller;
import bank.contracts.ServiceEndpoint;
import bank.contracts.account.AccountService;
import bank.contracts.account.AccountServiceV1;
import bank.contracts.audit.AuditSink;
import bank.contracts.transfer.TransferService;
import bank.contracts.transfer.TransferServiceV1;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Wires the transfer service: pool, outbox relay, recovery pass, consumer, discovery record. */
public final class TransferVerticle extends VerticleBase {

  public static final String SCHEMA = "transfer";
  private static final long RECOVERY_INTERVAL_MS = 2_000;

  private final DatabaseConfig database;
  private final OpsConfig ops;
  private Pool pool;
  private ServiceDirectory directory;
  private Outbox outbox;
  private long recoveryTimer;
  private ServiceEndpoint endpoint;

  public TransferVerticle(DatabaseConfig database) {
    this(database, OpsConfig.OFF);
  }

  public TransferVerticle(DatabaseConfig database, OpsConfig ops) {
    this.database = database;
    this.ops = ops;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    directory = new ServiceDirectory(vertx);
    outbox = new Outbox(vertx, pool, SCHEMA, new AuditSink(vertx, directory));
    TransferRepository repository = new TransferRepository(pool, database.poolQueue(),
        new TransferMetrics(NodeMetrics.registry(vertx)), outbox);
    ContractCaller<AccountService> accounts = new ContractCaller<>(vertx,
        new ServiceCaller(vertx, directory, AccountService.NAME), AccountService::proxy, AccountServiceV1::client);
    TransferProcess process = new TransferProcess(new AccountBatches(accounts, database.poolQueue()), repository);
    TransferService service = new TransferServiceImpl(pool, repository, process, new AccountOwnership(accounts));
    return directory.start()
        .onSuccess(started -> {
          outbox.start();
          recoveryTimer = vertx.setPeriodic(RECOVERY_INTERVAL_MS, tick -> process.recoverStranded());
        })
        // The operations port first: a port that is taken stops the node before it publishes anything.
        .compose(started -> OpsServer.start(vertx, ops, Databases.readiness(vertx, pool)))
        .compose(listening -> ServiceEndpoint.start(vertx, TransferService.NAME, TransferService.ADDRESS,
            TransferService.class, service, TransferServiceV1.actions(service)))
        .onSuccess(started -> endpoint = started);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(recoveryTimer);
    outbox.stop();
    Future<Void> left = endpoint == null ? Future.succeededFuture() : endpoint.stop();
    return left.eventually(() -> {
      directory.stop();
      return pool.close();
    });
  }
}
