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

  TransferHandlers(TransferRepository repository, TransferProcess process) {
    this.repository = repository;
    this.process = process;
  }

  Future<Reply> create(Command command) {
    TransferRequest request = new TransferRequest(command.string("from"), command.string("to"),
        command.amount("amount"), command.optionalString("reference"), command.idempotencyKey(),
        command.requestId());
    if (request.from().equals(request.to())) {
      throw new ServiceException(ErrorCode.SAME_ACCOUNT, "a transfer needs two different accounts");
    }
    if (request.reference() != null && request.reference().length() > MAX_REFERENCE_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'reference' is longer than " + MAX_REFERENCE_LENGTH + " characters");
    }
    return repository.begin(request).compose(start -> switch (start.state()) {
      case DRIVE -> process.drive(start.pending()).map(Reply::of);
      case FINISHED -> Future.succeededFuture(Reply.replayOf(start.transfer()));
      case IN_FLIGHT -> Future.failedFuture(new ServiceException(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
          "a request with this Idempotency-Key is in progress"));
    });
  }

  Future<Reply> get(Command command) {
    String id = command.string("id");
    return repository.find(id).map(transfer -> {
      if (transfer == null) {
        throw new ServiceException(ErrorCode.NOT_FOUND, "no transfer " + id);
      }
      return Reply.of(transfer);
    });
  }

  Future<Reply> listByAccount(Command command) {
    return repository.listByAccount(command.string("accountId"), command.after(), command.limit()).map(Reply::of);
  }
}
