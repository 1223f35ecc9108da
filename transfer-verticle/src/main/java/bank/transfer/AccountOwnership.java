package bank.transfer;

import bank.common.ErrorCode;
import bank.contracts.CallContext;
import bank.contracts.ContractCaller;
import bank.contracts.account.AccountService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;

/**
 * Whether a caller may see an account, as the account service decides it: it is asked for the
 * account on the caller's behalf, and another customer's account is "not found" there too.
 */
final class AccountOwnership {

  private final ContractCaller<AccountService> accounts;

  AccountOwnership(ContractCaller<AccountService> accounts) {
    this.accounts = accounts;
  }

  /**
   * True when the call's caller sees everything, or the account is its own; false when it may not
   * see it. Asked within the call's deadline.
   */
  Future<Boolean> visible(CallContext context, String accountId) {
    if (!context.caller().seesOnlyOwn()) {
      return Future.succeededFuture(true);
    }
    return accounts.call(CallContext.of(context.requestId(), context.caller()), context.deadline(),
            (service, call) -> service.get(call, accountId))
        .map(found -> true)
        .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == ErrorCode.NOT_FOUND.code()
            ? Future.succeededFuture(false)
            : Future.failedFuture(failure));
  }

  /** True when the caller may see at least one of the two accounts. */
  Future<Boolean> visibleEither(CallContext context, String first, String second) {
    return visible(context, first)
        .compose(seen -> seen ? Future.succeededFuture(true) : visible(context, second));
  }
}
