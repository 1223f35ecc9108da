package bank.contracts;

import bank.common.Command;
import bank.common.ServiceCaller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** What the three services' version 1 adapters ({@code *ServiceV1}) share: the call's context to and from 0.1.0's headers. */
public final class Version1 {

  private Version1() {
  }

  /** The context of a call that came in version 1's flat messages, from its headers. */
  public static CallContext context(Command command) {
    return CallContext.version1(command.requestId(), command.caller(), command.deadline().remainingMs(),
        command.attempt());
  }

  /** {@code action} sent to the instance of 0.1.0 at {@code address}, with the call's context in headers. */
  public static Future<Message<JsonObject>> request(Vertx vertx, String address, DeliveryOptions options, String action,
      JsonObject body, CallContext context) {
    return vertx.eventBus().request(address, body, ServiceCaller.version1(options, action, context.requestId(),
        context.caller(), context.budgetMs(), context.attempt()));
  }
}
