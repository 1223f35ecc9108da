package bank.transfer;

import bank.common.Deadline;
import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a recorded transfer to its end: the account service applies it (once per transfer id,
 * whoever asks), then the outcome is recorded. A transfer whose driver failed or died stays
 * PENDING until a retry with its Idempotency-Key or the recovery pass drives it again.
 */
final class TransferProcess {

  private static final Logger LOG = LoggerFactory.getLogger(TransferProcess.class);
  /** The time the recovery pass gives each stranded transfer. */
  private static final long RECOVERY_BUDGET_MS = 5_000;
  /** What is kept of a request's time for recording the outcome once the account service answered. */
  private static final long FINISH_RESERVE_MS = 100;

  private final AccountBatches accounts;
  private final TransferRepository repository;
  private boolean recovering;

  TransferProcess(AccountBatches accounts, TransferRepository repository) {
    this.accounts = accounts;
    this.repository = repository;
  }

  /**
   * Within the request's deadline, less what recording the outcome needs. A refusal by the account
   * service (a 4xx code) is an outcome too, recorded as REJECTED. Whatever fails on the way, the
   * recording of either outcome included, lets go of the transfer at once and answers TIMEOUT.
   */
  Future<JsonObject> drive(PendingTransfer transfer, Deadline deadline) {
    return accounts.apply(transfer, deadline.less(FINISH_RESERVE_MS))
        .map(applied -> applied.outcome())
        .recover(failure -> isRefusal(failure)
            ? Future.succeededFuture(refusal((ReplyException) failure))
            : Future.failedFuture(failure))
        .compose(outcome -> repository.finish(transfer, outcome))
        .onSuccess(finished ->
            LOG.debug("transfer {} {}, request {}", transfer.id(), finished.getString("status"), transfer.requestId()))
        .recover(failure -> repository.releaseLease(transfer.id())
            .otherwiseEmpty()
            .compose(released -> Future.failedFuture(explain(transfer, failure))));
  }

  /** Drives the transfers whose driver gave up or died; runs on a timer, one pass at a time. */
  void recoverStranded() {
    if (recovering) {
      return;
    }
    recovering = true;
    repository.claimStranded()
        .compose(stranded -> Future.join(stranded.stream()
                .map(transfer -> drive(transfer, Deadline.in(RECOVERY_BUDGET_MS))).toList())
            .onSuccess(done -> {
              if (!stranded.isEmpty()) {
                LOG.info("recovered {} stranded transfer(s)", stranded.size());
              }
            }))
        .onComplete(done -> recovering = false);
  }

  private static boolean isOutage(ErrorCode code) {
    return code == ErrorCode.UNAVAILABLE || code == ErrorCode.BUSY || code == ErrorCode.TIMEOUT;
  }

  /** The account service refused the request itself (a 4xx code): trying again would not help. */
  private static boolean isRefusal(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && ErrorCode.of(reply.failureCode()).httpStatus() < 500;
  }

  private static JsonObject refusal(ReplyException reply) {
    return new JsonObject().put("status", "REJECTED").put("reason", ErrorCode.of(reply.failureCode()).name())
        .put("detail", reply.getMessage());
  }

  /**
   * The transfer is recorded but has no outcome yet: whatever failed (the account service missing,
   * slow or failing, or this service's database), it stays PENDING and the recovery pass will
   * finish it. So the answer is never "unavailable", which a client could read as "not done", but
   * "outcome unknown": retry with the same Idempotency-Key, or read the transfer.
   */
  private static ServiceException explain(PendingTransfer transfer, Throwable failure) {
    boolean expected = failure instanceof ServiceException known && isOutage(known.code())
        || failure instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT
            || isOutage(ErrorCode.of(reply.failureCode())));
    if (expected) {
      LOG.debug("transfer {} left PENDING, request {}: {}", transfer.id(), transfer.requestId(), failure.getMessage());
    } else {
      LOG.error("transfer {} left PENDING, request {}", transfer.id(), transfer.requestId(), failure);
    }
    return new ServiceException(ErrorCode.TIMEOUT, "transfer " + transfer.id() + " is recorded but not yet applied"
        + " (the account service is unavailable or slow); it completes or is rejected once the service answers:"
        + " retry with the same Idempotency-Key or GET /transfers/" + transfer.id());
  }
}
