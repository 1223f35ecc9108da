package bank.transfer;

import bank.database.Databases;
import bank.common.ErrorCode;
import bank.common.Fields;
import bank.common.ServiceException;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.transfer.Transfer;
import bank.contracts.transfer.TransferOrder;
import bank.contracts.transfer.TransferOutcome;
import bank.contracts.transfer.TransferPage;
import bank.contracts.transfer.TransferService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** The transfer service: check the request, then record, drive or read transfers. */
final class TransferServiceImpl implements TransferService {

  private static final int MAX_REFERENCE_LENGTH = 140;

  private final Pool pool;
  private final TransferRepository repository;
  private final TransferProcess process;
  private final AccountOwnership ownership;

  TransferServiceImpl(Pool pool, TransferRepository repository, TransferProcess process, AccountOwnership ownership) {
    this.pool = pool;
    this.repository = repository;
    this.process = process;
    this.ownership = ownership;
  }

  @Override
  public Future<TransferOutcome> create(CallContext context, TransferOrder order) {
    TransferRequest request = new TransferRequest(order.from(), order.to(), order.amount(), order.reference(),
        order.idempotencyKey(), context.requestId(), context.caller().subject());
    if (request.from().equals(request.to())) {
      throw new ServiceException(ErrorCode.SAME_ACCOUNT, "a transfer needs two different accounts");
    }
    if (request.reference() != null && request.reference().length() > MAX_REFERENCE_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'reference' is longer than " + MAX_REFERENCE_LENGTH + " characters");
    }
    // A customer moves money only from its own accounts; another's is as unknown as a missing one.
    return ownership.visible(context, request.from())
        .compose(own -> {
          if (!own) {
            throw new ServiceException(ErrorCode.UNKNOWN_ACCOUNT, "no account " + request.from());
          }
          // A retry means the caller gave up on its earlier attempt, whose driver may be frozen or
          // gone: this one drives the transfer at once rather than wait out that driver's lease.
          return repository.begin(request, context.isRetry());
        })
        .compose(start -> switch (start.state()) {
          case DRIVE -> process.drive(start.pending(), context.deadline()).map(driven -> outcome(driven, false));
          case FINISHED -> Future.succeededFuture(outcome(start.transfer(), true));
          case IN_FLIGHT -> Future.failedFuture(new ServiceException(ErrorCode.IDEMPOTENCY_IN_FLIGHT,
              "a request with this Idempotency-Key is in progress"));
        });
  }

  private static TransferOutcome outcome(JsonObject transfer, boolean replayed) {
    return new TransferOutcome(new Transfer(transfer), replayed);
  }

  @Override
  public Future<Transfer> get(CallContext context, String id) {
    Fields.string("id", id);
    return repository.find(id).compose(transfer -> {
      if (transfer == null) {
        throw notFound(id);
      }
      return ownership.visibleEither(context, transfer.getString("from"), transfer.getString("to"))
          .map(seen -> {
            // A transfer between other customers' accounts is as if it did not exist.
            if (!seen) {
              throw notFound(id);
            }
            return new Transfer(transfer);
          });
    });
  }

  private static ServiceException notFound(String transferId) {
    return new ServiceException(ErrorCode.NOT_FOUND, "no transfer " + transferId);
  }

  @Override
  public Future<TransferPage> listByAccount(CallContext context, String accountId, PageRequest page) {
    Fields.string("accountId", accountId);
    PageRequest wanted = PageRequest.orFirst(page);
    long after = wanted.after();
    int limit = wanted.limit();
    return ownership.visible(context, accountId)
        .compose(own -> {
          if (!own) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + accountId);
          }
          return repository.listByAccount(accountId, after, limit);
        })
        .map(TransferPage::new);
  }

  @Override
  public Future<Health> health(CallContext context) {
    return Databases.health(pool).map(reply -> new Health(reply.body()));
  }
}
