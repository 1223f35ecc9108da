package bank.contracts.audit;

import bank.common.ActionRouter;
import bank.common.Reply;
import bank.common.Wire;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.UnknownAction;
import bank.contracts.Version1;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Version 1 of the audit service's contract, the flat messages of 0.1.0, in both directions, so
 * that 0.2.0 and 0.1.0 nodes work side by side during a rolling upgrade or a roll back. Its actions
 * are {@code record} ({@code events}), {@code list} ({@code accountId}, {@code after}, {@code limit}),
 * {@code verify} and {@code health}; the body is the request's JSON, the reply is the result's, and
 * the call's context travels in headers ({@link Wire}). Served for one release: remove in 0.3.0.
 */
public final class AuditServiceV1 {

  private AuditServiceV1() {
  }

  /** Serves version 1's messages with {@code service}. */
  public static ActionRouter actions(AuditService service) {
    return new ActionRouter(AuditService.NAME)
        .on("record", command -> service.record(Version1.context(command), new AuditBatch(command.body()))
            .map(recorded -> Reply.of(recorded.toJson())))
        .on("list", command -> service.list(Version1.context(command), command.optionalString("accountId"),
            new PageRequest(command.body())).map(page -> Reply.of(page.toJson())))
        // 0.1.0's verify checked the whole trail.
        .on("verify", command -> service.verifyAll(Version1.context(command)).map(verdict -> Reply.of(verdict.toJson())))
        .on("health", command -> service.health(Version1.context(command)).map(health -> Reply.of(health.toJson())));
  }

  /** The audit service at {@code address} of an instance of 0.1.0, through its interface. */
  public static AuditService client(Vertx vertx, String address, DeliveryOptions options) {
    return new AuditService() {
      @Override
      public Future<Recorded> record(CallContext context, AuditBatch batch) {
        return request("record", batch.toJson(), context).map(reply -> new Recorded(reply.body()));
      }

      @Override
      public Future<AuditPage> list(CallContext context, String accountId, PageRequest page) {
        JsonObject body = page.toJson().copy();
        if (accountId != null) {
          body.put("accountId", accountId);
        }
        return request("list", body, context).map(reply -> new AuditPage(reply.body()));
      }

      @Override
      public Future<ChainVerdict> verify(CallContext context) {
        return verifyAll(context);
      }

      @Override
      public Future<ChainVerdict> verifyAll(CallContext context) {
        return request("verify", new JsonObject(), context).map(reply -> new ChainVerdict(reply.body()));
      }

      /** Version 1 has no full verification in the background: failed as an instance of 0.2.0 fails it. */
      @Override
      public Future<FullVerification> startFullVerification(CallContext context) {
        return Future.failedFuture(UnknownAction.of("startFullVerification"));
      }

      @Override
      public Future<FullVerification> fullVerification(CallContext context, String id) {
        return Future.failedFuture(UnknownAction.of("fullVerification"));
      }

      @Override
      public Future<Health> health(CallContext context) {
        return request("health", new JsonObject(), context).map(reply -> new Health(reply.body()));
      }

      private Future<Message<JsonObject>> request(String action, JsonObject body, CallContext context) {
        return Version1.request(vertx, address, options, action, body, context);
      }
    };
  }
}
