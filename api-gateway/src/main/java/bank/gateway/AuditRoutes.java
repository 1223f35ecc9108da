package bank.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The /audit routes: the trail, in the order it was recorded, and the check of its hash chain. */
final class AuditRoutes {

  private final ServiceClient audit;

  AuditRoutes(ServiceClient audit) {
    this.audit = audit;
  }

  void list(RoutingContext context) {
    audit.request("list", Requests.query(context, "accountId", "limit", "after"), context)
        .onComplete(reply -> Answers.ok(context, reply), context::fail);
  }

  void verify(RoutingContext context) {
    audit.request("verify", new JsonObject(), context).onComplete(reply -> Answers.ok(context, reply), context::fail);
  }
}
