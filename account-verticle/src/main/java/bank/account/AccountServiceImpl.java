package bank.account;

import bank.common.Caller;
import bank.database.Databases;
import bank.common.ErrorCode;
import bank.common.Failures;
import bank.common.Fields;
import bank.common.Ids;
import bank.database.Outbox;
import bank.common.Reply;
import bank.common.ServiceException;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.account.Account;
import bank.contracts.account.AccountOpening;
import bank.contracts.account.AccountOutcome;
import bank.contracts.account.AccountPage;
import bank.contracts.account.AccountService;
import bank.contracts.account.Movement;
import bank.contracts.account.MovementOrder;
import bank.contracts.account.MovementOutcome;
import bank.contracts.account.Reconciliation;
import bank.contracts.account.TransferApplied;
import bank.contracts.account.TransferBatch;
import bank.contracts.account.TransferLegs;
import bank.contracts.account.TransfersApplied;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The account service: check the request, let the repository do it, answer. */
final class AccountServiceImpl implements AccountService {

  private static final Logger LOG = LoggerFactory.getLogger(AccountServiceImpl.class);

  private static final int MAX_OWNER_LENGTH = 200;
  // ISO 4217 currencies that money can be held in: not gold, SDRs, test or "no currency" codes (XAU, XDR, XTS, XXX).
  private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .filter(currency -> currency.getDefaultFractionDigits() >= 0)
      .map(Currency::getCurrencyCode)
      .collect(Collectors.toUnmodifiableSet());

  private final AccountRepository repository;
  private final Outbox outbox;
  private final MeterRegistry registry;
  private final Pool pool;
  private final ReconciliationWatch reconciliation;

  AccountServiceImpl(Pool pool, AccountRepository repository, Outbox outbox, MeterRegistry registry,
      ReconciliationWatch reconciliation) {
    this.pool = pool;
    this.registry = registry;
    this.repository = repository;
    this.outbox = outbox;
    this.reconciliation = reconciliation;
  }

  @Override
  public Future<AccountOutcome> open(CallContext context, AccountOpening opening) {
    String owner = opening.owner();
    if (owner.length() > MAX_OWNER_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'owner' is longer than " + MAX_OWNER_LENGTH + " characters");
    }
    if (context.caller().seesOnlyOwn() && !owner.equals(context.caller().subject())) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "a customer opens accounts in its own name ('owner' = its sub)");
    }
    String currency = opening.currency();
    if (!CURRENCIES.contains(currency)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'currency' must be an ISO 4217 code such as EUR, got '" + currency + "'");
    }
    return repository.open(Ids.next("acc"), owner, currency, opening.idempotencyKey(), context.requestId(),
            context.caller().subject())
        .onSuccess(opened -> outbox.relay())
        .map(opened -> new AccountOutcome(new Account(opened.body()), opened.replayed()));
  }

  @Override
  public Future<Account> get(CallContext context, String id) {
    Fields.string("id", id);
    return repository.find(id)
        .map(account -> {
          // Another customer's account is as if it did not exist.
          if (account == null || !visible(context.caller(), account)) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + id);
          }
          return new Account(account);
        });
  }

  @Override
  public Future<AccountPage> list(CallContext context, PageRequest page) {
    PageRequest wanted = PageRequest.orFirst(page);
    Caller caller = context.caller();
    Future<JsonObject> found = caller.seesOnlyOwn()
        ? repository.listOwnedBy(caller.subject(), wanted.after(), wanted.limit())
        : repository.list(wanted.after(), wanted.limit());
    return found.map(AccountPage::new);
  }

  @Override
  public Future<MovementOutcome> deposit(CallContext context, MovementOrder order) {
    return move(context, order, MovementKind.DEPOSIT);
  }

  @Override
  public Future<MovementOutcome> withdraw(CallContext context, MovementOrder order) {
    return move(context, order, MovementKind.WITHDRAWAL);
  }

  private static boolean visible(Caller caller, JsonObject account) {
    return !caller.seesOnlyOwn() || account.getString("owner").equals(caller.subject());
  }

  private Future<MovementOutcome> move(CallContext context, MovementOrder order, MovementKind kind) {
    if (context.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "deposits and withdrawals are for tellers");
    }
    MovementRequest request = new MovementRequest(kind, order.accountId(), order.amount(), order.idempotencyKey(),
        context.requestId(), context.caller().subject());
    return repository.move(request)
        .onSuccess(reply -> {
          outbox.relay();
          counted(kind, reply);
        })
        .map(moved -> new MovementOutcome(new Movement(moved.body()), moved.replayed()));
  }

  /** {@code bank_movements_total{kind, status}}: deposits and withdrawals done (a replay is not one more). */
  private void counted(MovementKind kind, Reply reply) {
    if (!reply.replayed()) {
      registry.counter("bank.movements", "kind", kind.name().toLowerCase(Locale.ROOT),
          "status", reply.body().getString("status", "COMPLETED")).increment();
    }
  }

  /** The books checked in one snapshot from the checkpoints ({@link Reconciliation}); for staff, not for a customer. */
  @Override
  public Future<Reconciliation> reconcile(CallContext context) {
    return reconcile(context, false);
  }

  /** As {@link #reconcile}, every ledger entry summed again. */
  @Override
  public Future<Reconciliation> reconcileAll(CallContext context) {
    return reconcile(context, true);
  }

  private Future<Reconciliation> reconcile(CallContext context, boolean full) {
    if (context.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "reconciliation is for auditors and administrators");
    }
    return repository.reconcile(full)
        .onSuccess(report -> warnIfUnbalanced(report, context.requestId()))
        .map(Reconciliation::new);
  }

  private static void warnIfUnbalanced(JsonObject report, String requestId) {
    if (!report.getBoolean("balanced")) {
      List<String> firstAccounts = report.getJsonArray("accountDifferences").stream().limit(10)
          .map(item -> ((JsonObject) item).getString("accountId")).toList();
      LOG.warn("reconciliation found {} differences, request {}, accounts (first 10) {}",
          report.getLong("differences"), requestId, firstAccounts);
    }
  }

  /** Applies a transfer's debit and credit, or says why not; a repeat gets the first outcome. */
  @Override
  public Future<TransferApplied> applyTransfer(CallContext context, TransferLegs legs) {
    return repository.applyTransfer(new Legs(legs.transferId(), legs.from(), legs.to(), legs.amount()))
        .map(applied -> new TransferApplied(applied.body(), applied.replayed()));
  }

  /**
   * Each transfer as if it came alone: all go to the repository's group commit at once, so that they
   * travel to the database as one batch too; a bad field or a failure is that transfer's own answer.
   */
  @Override
  public Future<TransfersApplied> applyTransfers(CallContext context, TransferBatch batch) {
    List<Future<TransferApplied>> applied = batch.transfers().stream()
        .map(legs -> Future.<Void>succeededFuture()
            .compose(start -> applyTransfer(context, legs))
            .recover(failure -> Future.failedFuture(
                Failures.answer(NAME, "applyTransfers", context.requestId(), failure))))
        .toList();
    return TransfersApplied.allOf(applied);
  }

  /** Readiness shows the state of the books beside the database's (the gateway passes it on). */
  @Override
  public Future<Health> health(CallContext context) {
    return Databases.health(pool).map(reply -> new Health(reply.body()
        .put("reconciliation", reconciliation.summary())
        .put("checkedAt", reconciliation.checkedAt())));
  }
}
