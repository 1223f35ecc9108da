package bank.gateway;

import io.vertx.ext.web.RoutingContext;

/** The /audit route: the trail, in the order it was recorded. */
final class AuditRoutes {

  private final ServiceClient audit;

  AuditRoutes(ServiceClient audit) {
    this.audit = audit;
  }

  void list(RoutingContext context) {
    audit.request("list", Requests.query(context, "accountId", "limit", "after"), context)
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }
}
