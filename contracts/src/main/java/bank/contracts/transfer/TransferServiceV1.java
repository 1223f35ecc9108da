package bank.contracts.transfer;

import bank.common.ActionRouter;
import bank.common.Reply;
import bank.common.Wire;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.Version1;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Version 1 of the transfer service's contract, the flat messages of 0.1.0, in both directions, so
 * that 0.2.0 and 0.1.0 nodes work side by side during a rolling upgrade or a roll back. Its actions
 * are {@code create}, {@code get} ({@code id}), {@code list-by-account} ({@code accountId},
 * {@code after}, {@code limit}) and {@code health}; the body is the request's JSON, the reply is the
 * result's, a replayed outcome says so in the {@code replayed} header, and the call's context travels
 * in headers ({@link Wire}). Served for one release: remove in 0.3.0.
 */
public final class TransferServiceV1 {

  private TransferServiceV1() {
  }

  /** Serves version 1's messages with {@code service}. */
  public static ActionRouter actions(TransferService service) {
    return new ActionRouter(TransferService.NAME)
        .on("create", command -> service.create(Version1.context(command), new TransferOrder(command.body()))
            .map(outcome -> outcome.replayed()
                ? Reply.replayOf(outcome.transfer().toJson()) : Reply.of(outcome.transfer().toJson())))
        .on("get", command -> service.get(Version1.context(command), command.string("id")).map(found -> Reply.of(found.toJson())))
        .on("list-by-account", command -> service.listByAccount(Version1.context(command), command.string("accountId"),
            new PageRequest(command.body())).map(page -> Reply.of(page.toJson())))
        .on("health", command -> service.health(Version1.context(command)).map(health -> Reply.of(health.toJson())));
  }

  /** The transfer service at {@code address} of an instance of 0.1.0, through its interface. */
  public static TransferService client(Vertx vertx, String address, DeliveryOptions options) {
    return new TransferService() {
      @Override
      public Future<TransferOutcome> create(CallContext context, TransferOrder order) {
        return request("create", order.toJson(), context)
            .map(reply -> new TransferOutcome(new Transfer(reply.body()), "true".equals(reply.headers().get(Wire.REPLAYED))));
      }

      @Override
      public Future<Transfer> get(CallContext context, String id) {
        return request("get", new JsonObject().put("id", id), context).map(reply -> new Transfer(reply.body()));
      }

      @Override
      public Future<TransferPage> listByAccount(CallContext context, String accountId, PageRequest page) {
        return request("list-by-account", page.toJson().copy().put("accountId", accountId), context)
            .map(reply -> new TransferPage(reply.body()));
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
