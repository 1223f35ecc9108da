package bank.gateway;

import bank.contracts.PageRequest;
import bank.contracts.audit.AuditService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /audit routes: the trail, in the order it was recorded, and the check of its hash chain. */
final class AuditRoutes {

  private final ServiceClient<AuditService> audit;

  AuditRoutes(ServiceClient<AuditService> audit) {
    this.audit = audit;
  }

  void list(RoutingContext context) {
    JsonObject query = Requests.query(context, "accountId", "limit", "after");
    String accountId = query.getString("accountId");
    audit.call(context, (service, call) -> service.list(call, accountId, new PageRequest(query)))
        .onComplete(page -> Answers.ok(context, page.toJson()), context::fail);
  }

  /** From the newest verified checkpoint. */
  void verify(RoutingContext context) {
    audit.callPatiently(context, AuditService::verify)
        .onComplete(verdict -> Answers.ok(context, verdict.toJson()), context::fail);
  }

  /** The whole trail, from its first event. */
  void verifyAll(RoutingContext context) {
    audit.callPatiently(context, AuditService::verifyAll)
        .onComplete(verdict -> Answers.ok(context, verdict.toJson()), context::fail);
  }
}
