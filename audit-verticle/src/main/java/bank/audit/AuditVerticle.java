package bank.audit;

import bank.common.ActionRouter;
import bank.common.BankIdentity;
import bank.common.DatabaseConfig;
import bank.common.Databases;
import bank.common.NodeMetrics;
import bank.common.OpsConfig;
import bank.common.OpsServer;
import bank.common.Outbox;
import bank.common.ServiceEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/** Wires the audit service: its pool, its consumer and its discovery record. */
public final class AuditVerticle extends VerticleBase {

  public static final String SCHEMA = "audit";
  /** The prefix of its instances' event-bus addresses (the outboxes send there); the actions are listed in README.md. */
  public static final String ADDRESS = Outbox.AUDIT_ADDRESS;
  /** Where each newly recorded event is published, for anyone who follows the trail live. */
  public static final String EVENTS_ADDRESS = Outbox.AUDIT_EVENTS_ADDRESS;
  public static final String SERVICE_NAME = "audit-service";

  private final DatabaseConfig database;
  private final OpsConfig ops;
  private Pool pool;
  private ServiceEndpoint endpoint;

  public AuditVerticle(DatabaseConfig database) {
    this(database, OpsConfig.OFF);
  }

  public AuditVerticle(DatabaseConfig database, OpsConfig ops) {
    this.database = database;
    this.ops = ops;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, database, SCHEMA);
    AuditHandlers handlers = new AuditHandlers(new AuditRepository(pool), vertx.eventBus(), BankIdentity.of(vertx),
        NodeMetrics.registry(vertx));
    ActionRouter router = new ActionRouter(SERVICE_NAME)
        .on("record", handlers::record)
        .on("list", handlers::list)
        .on("verify", handlers::verify)
        .on("health", command -> Databases.health(pool));
    // The operations port first: a port that is taken stops the node before it publishes anything.
    return OpsServer.start(vertx, ops, OpsServer.readiness(vertx, pool))
        .compose(listening -> ServiceEndpoint.start(vertx, SERVICE_NAME, ADDRESS, router))
        .onSuccess(started -> endpoint = started);
  }

  @Override
  public Future<?> stop() {
    Future<Void> left = endpoint == null ? Future.succeededFuture() : endpoint.stop();
    return left.eventually(() -> pool.close());
  }
}
