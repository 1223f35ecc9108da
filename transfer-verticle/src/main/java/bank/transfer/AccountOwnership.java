package bank.transfer;

import bank.common.Caller;
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

  private static final long TIMEOUT_MS = 5_000;

  private final ServiceCaller accounts;

  AccountOwnership(ServiceCaller accounts) {
    this.accounts = accounts;
  }

  /** True when the caller sees everything, or the account is its own; false when it may not see it. */
  Future<Boolean> visible(Caller caller, String accountId, String requestId) {
    if (!caller.seesOnlyOwn()) {
      return Future.succeededFuture(true);
    }
    return accounts.request("get", new JsonObject().put("id", accountId), requestId, caller, TIMEOUT_MS)
        .map(found -> true)
        .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == ErrorCode.NOT_FOUND.code()
            ? Future.succeededFuture(false)
            : Future.failedFuture(failure));
  }

  /** True when the caller may see at least one of the two accounts. */
  Future<Boolean> visibleEither(Caller caller, String first, String second, String requestId) {
    return visible(caller, first, requestId)
        .compose(seen -> seen ? Future.succeededFuture(true) : visible(caller, second, requestId));
  }
}
