package bank.transfer;

import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.Reply;
import bank.common.ServiceException;
import io.vertx.core.Future;

/** The transfer service's actions: check the request, then record, drive or read transfers. */
final class TransferHandlers {

  private static final int MAX_REFERENCE_LENGTH = 140;

  private final TransferRepository repository;
  private final TransferProcess process;
  private final AccountOwnership ownership;

  TransferHandlers(TransferRepository repository, TransferProcess process, AccountOwnership ownership) {
    this.repository = repository;
    this.process = process;
    this.ownership = ownership;
  }

  Future<Reply> create(Command command) {
    TransferRequest request = new TransferRequest(command.string("from"), command.string("to"),
        command.amount("amount"), command.optionalString("reference"), command.idempotencyKey(),
        command.requestId(), command.caller().subject());
    if (request.from().equals(request.to())) {
      throw new ServiceException(ErrorCode.SAME_ACCOUNT, "a transfer needs two different accounts");
    }
    if (request.reference() != null && request.reference().length() > MAX_REFERENCE_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'reference' is longer than " + MAX_REFERENCE_LENGTH + " characters");
    }
    // A customer moves money only from its own accounts; another's is as unknown as a missing one.
    return ownership.visible(command, request.from())
        .compose(own -> {
          if (!own) {
            throw new ServiceException(ErrorCode.UNKNOWN_ACCOUNT, "no account " + request.from());
          }
          // A retry means the caller gave up on its earlier attempt, whose driver may be frozen or
          // gone: this one drives the transfer at once rather than wait out that driver's lease.
          return repository.begin(request, command.isRetry());
        })
        .compose(start -> switch (start.state()) {
          case DRIVE -> process.drive(start.pending(), command.deadline()).map(Reply::of);
          case FINISHED -> Future.succeededFuture(Reply.replayOf(start.transfer()));
          case IN_FLIGHT -> Future.failedFuture(new ServiceException(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
              "a request with this Idempotency-Key is in progress"));
        });
  }

  Future<Reply> get(Command command) {
    String id = command.string("id");
    return repository.find(id).compose(transfer -> {
      if (transfer == null) {
        throw notFound(id);
      }
      return ownership.visibleEither(command, transfer.getString("from"), transfer.getString("to"))
          .map(seen -> {
            // A transfer between other customers' accounts is as if it did not exist.
            if (!seen) {
              throw notFound(id);
            }
            return Reply.of(transfer);
          });
    });
  }

  private static ServiceException notFound(String transferId) {
    return new ServiceException(ErrorCode.NOT_FOUND, "no transfer " + transferId);
  }

  Future<Reply> listByAccount(Command command) {
    String accountId = command.string("accountId");
    return ownership.visible(command, accountId)
        .compose(own -> {
          if (!own) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + accountId);
          }
          return repository.listByAccount(accountId, command.after(), command.limit());
        })
        .map(Reply::of);
  }
}
