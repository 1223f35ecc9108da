package bank.transfer;

import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.ServiceCaller;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/**
 * Whether a caller may see an account, as the account service decides it: it is asked for the
 * account on the caller's behalf, and another customer's account is "not found" there too.
 */
final class AccountOwnership {

  private final ServiceCaller accounts;

  AccountOwnership(ServiceCaller accounts) {
    this.accounts = accounts;
  }

  /**
   * True when the command's caller sees everything, or the account is its own; false when it may not
   * see it. Asked within the command's deadline.
   */
  Future<Boolean> visible(Command command, String accountId) {
    if (!command.caller().seesOnlyOwn()) {
      return Future.succeededFuture(true);
    }
    return accounts.request("get", new JsonObject().put("id", accountId), command.requestId(), command.caller(),
            command.deadline())
        .map(found -> true)
        .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == ErrorCode.NOT_FOUND.code()
            ? Future.succeededFuture(false)
            : Future.failedFuture(failure));
  }

  /** True when the caller may see at least one of the two accounts. */
  Future<Boolean> visibleEither(Command command, String first, String second) {
    return visible(command, first)
        .compose(seen -> seen ? Future.succeededFuture(true) : visible(command, second));
  }
}
