package bank.transfer;

import bank.common.Batcher;
import bank.common.Deadline;
import bank.contracts.CallContext;
import bank.contracts.ContractCaller;
import bank.contracts.UnknownAction;
import bank.contracts.account.AccountService;
import bank.contracts.account.TransferApplied;
import bank.contracts.account.TransferBatch;
import bank.contracts.account.TransferLegs;
import io.vertx.core.Future;
import java.util.List;

/**
 * Asks the account service to apply transfers in batches: the transfers that are ready while a
 * batch is on its way go together as the next one (bank.common.Batcher), one message and one reply
 * for all of them, each caller answered on its own context with what a call of its own would have
 * met. A batch is sent within the soonest deadline of its transfers, and fails them all if it gets
 * no answer (applying is idempotent per transfer id, so whoever drives them again is safe).
 */
final class AccountBatches {

  private static final int MAX_BATCH = 100;
  // Two batches on their way: the next is at the account service, waiting for its database, while
  // the previous one is written.
  private static final int BATCHES_IN_FLIGHT = 2;

  private final ContractCaller<AccountService> accounts;
  private final Batcher<Request, Future<TransferApplied>> batches;

  AccountBatches(ContractCaller<AccountService> accounts, int maxWaiting) {
    this.accounts = accounts;
    this.batches = new Batcher<>(MAX_BATCH, BATCHES_IN_FLIGHT, maxWaiting, false, this::send);
  }

  /** The account service's answer for the transfer's legs, or the failure a call of its own would have met. */
  Future<TransferApplied> apply(PendingTransfer transfer, Deadline deadline) {
    TransferLegs legs = TransferLegs.of(transfer.id(), transfer.from(), transfer.to(), transfer.amount());
    return batches.submit(new Request(legs, transfer.requestId(), deadline)).compose(applied -> applied);
  }

  private Future<List<Future<TransferApplied>>> send(List<Request> batch) {
    // The batch's messages are logged under its first transfer's request id.
    CallContext context = CallContext.internal(batch.get(0).requestId());
    Deadline deadline = Deadline.soonest(batch.stream().map(Request::deadline).toList());
    List<TransferLegs> legs = batch.stream().map(Request::legs).toList();
    return accounts.call(context, deadline, (service, attempt) -> service.applyTransfers(attempt, TransferBatch.of(legs))
        .map(applied -> applied.results())
        .recover(failure -> UnknownAction.is(failure) ? oneByOne(service, attempt, legs) : Future.failedFuture(failure)));
  }

  /** An instance of 0.2.0 has no batches: one message per transfer, to the same instance. */
  private static Future<List<Future<TransferApplied>>> oneByOne(AccountService service, CallContext attempt,
      List<TransferLegs> batch) {
    List<Future<TransferApplied>> applied = batch.stream().map(legs -> service.applyTransfer(attempt, legs)).toList();
    return Future.join(applied).transform(done -> Future.succeededFuture(applied));
  }

  private record Request(TransferLegs legs, String requestId, Deadline deadline) {
  }
}
