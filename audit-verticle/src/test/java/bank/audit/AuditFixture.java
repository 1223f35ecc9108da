package bank.audit;

import bank.common.Caller;
import bank.database.DomainEvent;
import bank.common.Ids;
import bank.contracts.CallContext;
import bank.contracts.PageRequest;
import bank.contracts.audit.AuditBatch;
import bank.contracts.audit.AuditPage;
import bank.contracts.audit.AuditService;
import bank.contracts.audit.AuditServiceV1;
import bank.contracts.audit.ChainVerdict;
import bank.contracts.audit.Recorded;
import bank.testing.ServiceCalls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiFunction;

/** What the audit-service tests share: events as an outbox sends them, and the requests they make. */
final class AuditFixture {

  private AuditFixture() {
  }

  /** An account id no other test uses. */
  static String account() {
    return Ids.next("acc");
  }

  /** An event as an outbox relays it: a new id, the time as an ISO instant, the accounts it involves. */
  static JsonObject event(String type, String... accountIds) {
    String id = Ids.next("evt");
    return new JsonObject()
        .put("id", id)
        .put("type", type)
        .put("version", DomainEvent.VERSION)
        .put("at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
        .put("entityId", Ids.next("tr"))
        .put("accountIds", new JsonArray(List.of(accountIds)))
        .put("requestId", "req-" + id)
        .put("caller", "caller-of-" + id)
        .put("data", new JsonObject().put("amount", 100).put("status", "COMPLETED"));
  }

  static Future<JsonObject> record(Vertx vertx, JsonObject... events) {
    AuditBatch batch = AuditBatch.of(new JsonArray(List.of(events)));
    return call(vertx, (service, context) -> service.record(context, batch)).map(Recorded::toJson);
  }

  static Future<JsonObject> list(Vertx vertx, String accountId, String after, int limit) {
    PageRequest page = new PageRequest(new JsonObject().put("after", after).put("limit", limit));
    return call(vertx, (service, context) -> service.list(context, accountId, page)).map(AuditPage::toJson);
  }

  static Future<JsonObject> verify(Vertx vertx) {
    return call(vertx, AuditService::verify).map(ChainVerdict::toJson);
  }

  static Future<JsonObject> verifyAll(Vertx vertx) {
    return call(vertx, AuditService::verifyAll).map(ChainVerdict::toJson);
  }

  /** verify asked on behalf of a customer, as the gateway would forward it. */
  static Future<JsonObject> verifyAsCustomer(Vertx vertx) {
    Caller customer = new Caller(Ids.next("sub"), EnumSet.of(Caller.Role.CUSTOMER));
    return call(vertx, (service, context) -> service.verify(CallContext.of("test", customer)
        .forAttempt(context.attempt(), context.budgetMs()))).map(ChainVerdict::toJson);
  }

  private static <T> Future<T> call(Vertx vertx, BiFunction<AuditService, CallContext, Future<T>> method) {
    return ServiceCalls.call(vertx, AuditService.NAME, AuditService::proxy, AuditServiceV1::client, method);
  }

  /** Every event of the trail, read page by page through the next cursors. */
  static Future<List<JsonObject>> wholeTrail(Vertx vertx, int pageSize) {
    return pagesFrom(vertx, null, pageSize, List.of());
  }

  /** The items of a page. */
  static List<JsonObject> items(JsonObject page) {
    return page.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  /** The event as given, without the seq the trail added. */
  static JsonObject withoutSeq(JsonObject recorded) {
    JsonObject event = recorded.copy();
    event.remove("seq");
    return event;
  }

  private static Future<List<JsonObject>> pagesFrom(Vertx vertx, String after, int pageSize, List<JsonObject> seen) {
    return list(vertx, null, after, pageSize).compose(page -> {
      List<JsonObject> all = new ArrayList<>(seen);
      all.addAll(items(page));
      String next = page.getString("next");
      return next == null ? Future.succeededFuture(all) : pagesFrom(vertx, next, pageSize, all);
    });
  }

}
