package bank.transfer;

import bank.common.ErrorCode;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.ServiceEndpoint;
import bank.contracts.account.Account;
import bank.contracts.account.AccountOpening;
import bank.contracts.account.AccountOutcome;
import bank.contracts.account.AccountPage;
import bank.contracts.account.AccountService;
import bank.contracts.account.AccountServiceV1;
import bank.contracts.account.MovementOrder;
import bank.contracts.account.MovementOutcome;
import bank.contracts.account.Reconciliation;
import bank.contracts.account.TransferApplied;
import bank.contracts.account.TransferBatch;
import bank.contracts.account.TransferLegs;
import bank.contracts.account.TransfersApplied;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the account service, bound as it is (an instance with a discovery record, serving
 * the contract): applies a transfer as COMPLETED in EUR up to {@link #LIMIT}, answers an
 * INSUFFICIENT_FUNDS rejection above it, and counts the calls per transfer id. Any account exists
 * and is the caller's. The real service is exercised by the end-to-end tests.
 */
final class FakeAccountService implements AccountService {

  static final long LIMIT = 1_000;

  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  /** Accounts whose transfers get no answer the first time they are asked for: a frozen account node. */
  private final Set<String> frozenOnce = ConcurrentHashMap.newKeySet();
  private final Set<String> froms = ConcurrentHashMap.newKeySet();
  /** Accounts whose transfers are refused with INVALID_REQUEST, as the account service refuses a bad request. */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  private final AtomicInteger batches = new AtomicInteger();
  private volatile boolean noBatches;

  private FakeAccountService() {
  }

  static Future<FakeAccountService> register(Vertx vertx) {
    FakeAccountService fake = new FakeAccountService();
    return ServiceEndpoint.start(vertx, AccountService.NAME, "bank.account.fake", AccountService.class, fake,
        AccountServiceV1.actions(fake)).map(fake);
  }

  /** The first transfer from {@code account} gets no answer, as if the account node froze. */
  void freezeOnce(String account) {
    frozenOnce.add(account);
  }

  /** Every transfer from {@code account} is refused (a 4xxx failure, not a rejection). */
  void refuseFrom(String account) {
    refused.add(account);
  }

  /** From now on answers batches as an instance of 0.2.0 does: it has no {@code applyTransfers}. */
  void serveNoBatches() {
    noBatches = true;
  }

  /** How many batches the transfer service sent. */
  int batches() {
    return batches.get();
  }

  /** Whether a transfer from {@code account} was asked for. */
  boolean askedFrom(String account) {
    return froms.contains(account);
  }

  /** How many times the transfer service asked to apply this transfer. */
  int applies(String transferId) {
    return calls.getOrDefault(transferId, 0);
  }

  @Override
  public Future<TransferApplied> applyTransfer(CallContext context, TransferLegs legs) {
    calls.merge(legs.transferId(), 1, Integer::sum);
    froms.add(legs.from());
    if (frozenOnce.remove(legs.from())) {
      return Promise.<TransferApplied>promise().future();
    }
    if (refused.contains(legs.from())) {
      return Future.failedFuture(new ServiceException(ErrorCode.INVALID_REQUEST.code(), "refused by the fake"));
    }
    if (legs.amount() > LIMIT) {
      return Future.succeededFuture(new TransferApplied(new JsonObject().put("status", "REJECTED")
          .put("reason", ErrorCode.INSUFFICIENT_FUNDS.name())
          .put("detail", "account " + legs.from() + " holds less than " + legs.amount()), false));
    }
    return Future.succeededFuture(new TransferApplied(new JsonObject().put("status", "COMPLETED").put("currency", "EUR"), false));
  }

  /** Each transfer as {@link #applyTransfer} answers it; a frozen one leaves the whole batch unanswered. */
  @Override
  public Future<TransfersApplied> applyTransfers(CallContext context, TransferBatch batch) {
    if (noBatches) {
      return Future.failedFuture(new ServiceException(500, "Invalid action: applyTransfers"));
    }
    batches.incrementAndGet();
    List<Future<TransferApplied>> applied = batch.transfers().stream().map(legs -> applyTransfer(context, legs)).toList();
    return TransfersApplied.allOf(applied);
  }

  @Override
  public Future<Account> get(CallContext context, String id) {
    return Future.succeededFuture(new Account(new JsonObject().put("id", id).put("owner", context.caller().subject())));
  }

  @Override
  public Future<AccountOutcome> open(CallContext context, AccountOpening opening) {
    return unsupported();
  }

  @Override
  public Future<AccountPage> list(CallContext context, PageRequest page) {
    return unsupported();
  }

  @Override
  public Future<MovementOutcome> deposit(CallContext context, MovementOrder order) {
    return unsupported();
  }

  @Override
  public Future<MovementOutcome> withdraw(CallContext context, MovementOrder order) {
    return unsupported();
  }

  @Override
  public Future<Reconciliation> reconcile(CallContext context) {
    return unsupported();
  }

  @Override
  public Future<Reconciliation> reconcileAll(CallContext context) {
    return unsupported();
  }

  @Override
  public Future<Health> health(CallContext context) {
    return Future.succeededFuture(Health.ofDatabaseUp());
  }

  private static <T> Future<T> unsupported() {
    return Future.failedFuture(new ServiceException(ErrorCode.INVALID_REQUEST.code(),
        "the fake account service only applies transfers"));
  }
}
