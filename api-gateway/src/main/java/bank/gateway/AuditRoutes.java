package bank.gateway;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import bank.contracts.PageRequest;
import bank.contracts.UnknownAction;
import bank.contracts.audit.AuditService;
import io.vertx.core.Future;
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

  /** The whole trail, from its first event, in the background: 202 and where to follow it. */
  void startFullVerification(RoutingContext context) {
    audit.call(context, AuditService::startFullVerification)
        .recover(AuditRoutes::notYetServed)
        .onComplete(run -> Answers.accepted(context, run.toJson(), "/audit/verifications/" + run.id()), context::fail);
  }

  /** How far a full verification has got, and once done its verdict. */
  void getFullVerification(RoutingContext context) {
    String id = Requests.path(context, "id");
    audit.call(context, (service, call) -> service.fullVerification(call, id))
        .recover(AuditRoutes::notYetServed)
        .onComplete(run -> Answers.ok(context, run.toJson()), context::fail);
  }

  /** An audit instance of 0.2.0 (a rolling upgrade under way) has no full verification in the background. */
  private static <T> Future<T> notYetServed(Throwable failure) {
    return Future.failedFuture(UnknownAction.is(failure)
        ? new ServiceException(ErrorCode.UNAVAILABLE, "an audit service instance of an earlier release answered: retry")
        : failure);
  }
}
