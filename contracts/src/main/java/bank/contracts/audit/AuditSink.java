package bank.contracts.audit;

import bank.common.Deadline;
import bank.common.EventSink;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.CallContext;
import bank.contracts.ContractCaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;

/** Where a service's outbox relays its events: the audit service, through its contract. */
public final class AuditSink implements EventSink {

  private static final long SEND_TIMEOUT_MS = 5_000;

  private final ContractCaller<AuditService> audit;

  public AuditSink(Vertx vertx, ServiceDirectory directory) {
    this.audit = new ContractCaller<>(vertx, new ServiceCaller(vertx, directory, AuditService.NAME),
        AuditService::proxy, AuditServiceV1::client);
  }

  @Override
  public Future<Void> deliver(JsonArray events) {
    return audit.call(CallContext.internal(null), Deadline.in(SEND_TIMEOUT_MS),
            (service, context) -> service.record(context, AuditBatch.of(events)))
        .mapEmpty();
  }
}
