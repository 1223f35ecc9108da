package bank.audit;

import bank.common.BankIdentity;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeMetrics;
import bank.common.OpsConfig;
import bank.common.OpsServer;
import bank.contracts.ServiceEndpoint;
import bank.contracts.audit.AuditService;
import bank.contracts.audit.AuditServiceV1;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/** Wires the audit service: its pool, its consumer and its discovery record. */
public final class AuditVerticle extends VerticleBase {

  public static final String SCHEMA = "audit";

  /** How often each instance verifies the trail from the newest checkpoint when AUDIT_VERIFY_INTERVAL_SECONDS is not set. */
  public static final Duration DEFAULT_VERIFY_INTERVAL = Duration.ofSeconds(30);

  private final DatabaseConfig database;
  private final OpsConfig ops;
  private final Duration verifyInterval;
  private Pool pool;
  private VerificationWatch verification;
  private ServiceEndpoint endpoint;

  public AuditVerticle(DatabaseConfig database) {
    this(database, OpsConfig.OFF, DEFAULT_VERIFY_INTERVAL);
  }

  /** {@code verifyInterval} zero: no periodic verification. */
  public AuditVerticle(DatabaseConfig database, OpsConfig ops, Duration verifyInterval) {
    this.database = database;
    this.ops = ops;
    this.verifyInterval = verifyInterval;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    AuditRepository repository = new AuditRepository(pool);
    FullVerifications fullVerifications = new FullVerifications(vertx, pool, repository);
    AuditService service = new AuditServiceImpl(pool, repository, fullVerifications, vertx.eventBus(),
        BankIdentity.of(vertx), NodeMetrics.registry(vertx));
    verification = new VerificationWatch(vertx, repository, fullVerifications, verifyInterval);
    verification.start();
    // The operations port first: a port that is taken stops the node before it publishes anything.
    return OpsServer.start(vertx, ops, Databases.readiness(vertx, pool)
            .register("chain", promise -> promise.complete(verification.status())))
        .compose(listening -> ServiceEndpoint.start(vertx, AuditService.NAME, AuditService.ADDRESS, AuditService.class,
            service, AuditServiceV1.actions(service)))
        .onSuccess(started -> endpoint = started);
  }

  @Override
  public Future<?> stop() {
    verification.stop();
    Future<Void> left = endpoint == null ? Future.succeededFuture() : endpoint.stop();
    return left.eventually(() -> pool.close());
  }
}
