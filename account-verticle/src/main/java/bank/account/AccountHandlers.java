package bank.account;

import bank.common.Caller;
import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.Ids;
import bank.common.Outbox;
import bank.common.Reply;
import bank.common.ServiceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The account service's actions: check the request, let the repository do it, answer. */
final class AccountHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(AccountHandlers.class);

  private static final int MAX_OWNER_LENGTH = 200;
  // ISO 4217 currencies that money can be held in: not gold, SDRs, test or "no currency" codes (XAU, XDR, XTS, XXX).
  private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .filter(currency -> currency.getDefaultFractionDigits() >= 0)
      .map(Currency::getCurrencyCode)
      .collect(Collectors.toUnmodifiableSet());

  private final AccountRepository repository;
  private final Outbox outbox;
  private final MeterRegistry registry;

  AccountHandlers(AccountRepository repository, Outbox outbox, MeterRegistry registry) {
    this.registry = registry;
    this.repository = repository;
    this.outbox = outbox;
  }

  Future<Reply> open(Command command) {
    String owner = command.string("owner");
    if (owner.length() > MAX_OWNER_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'owner' is longer than " + MAX_OWNER_LENGTH + " characters");
    }
    if (command.caller().seesOnlyOwn() && !owner.equals(command.caller().subject())) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "a customer opens accounts in its own name ('owner' = its sub)");
    }
    String currency = command.string("currency");
    if (!CURRENCIES.contains(currency)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'currency' must be an ISO 4217 code such as EUR, got '" + currency + "'");
    }
    return repository.open(Ids.next("acc"), owner, currency, command.idempotencyKey(), command.requestId(),
            command.caller().subject())
        .onSuccess(opened -> outbox.relay());
  }

  Future<Reply> get(Command command) {
    String id = command.string("id");
    return repository.find(id)
        .map(account -> {
          // Another customer's account is as if it did not exist.
          if (account == null || !visible(command.caller(), account)) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + id);
          }
          return Reply.of(account);
        });
  }

  Future<Reply> list(Command command) {
    Caller caller = command.caller();
    Future<JsonObject> page = caller.seesOnlyOwn()
        ? repository.listOwnedBy(caller.subject(), command.after(), command.limit())
        : repository.list(command.after(), command.limit());
    return page.map(Reply::of);
  }

  Future<Reply> deposit(Command command) {
    return move(command, MovementKind.DEPOSIT);
  }

  Future<Reply> withdraw(Command command) {
    return move(command, MovementKind.WITHDRAWAL);
  }

  private static boolean visible(Caller caller, JsonObject account) {
    return !caller.seesOnlyOwn() || account.getString("owner").equals(caller.subject());
  }

  private Future<Reply> move(Command command, MovementKind kind) {
    if (command.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "deposits and withdrawals are for tellers");
    }
    MovementRequest request = new MovementRequest(kind, command.string("accountId"), command.amount("amount"),
        command.idempotencyKey(), command.requestId(), command.caller().subject());
    return repository.move(request).onSuccess(reply -> {
      outbox.relay();
      counted(kind, reply);
    });
  }

  /** {@code bank_movements_total{kind, status}}: deposits and withdrawals done (a replay is not one more). */
  private void counted(MovementKind kind, Reply reply) {
    if (!reply.replayed()) {
      registry.counter("bank.movements", "kind", kind.name().toLowerCase(Locale.ROOT),
          "status", reply.body().getString("status", "COMPLETED")).increment();
    }
  }

  /** The books checked in one snapshot ({@link Reconciliation}); for staff, not for a customer. */
  Future<Reply> reconcile(Command command) {
    if (command.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "reconciliation is for auditors and administrators");
    }
    return repository.reconcile()
        .onSuccess(report -> warnIfUnbalanced(report, command.requestId()))
        .map(Reply::of);
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
  Future<Reply> applyTransfer(Command command) {
    TransferLegs legs = new TransferLegs(command.string("transferId"), command.string("from"), command.string("to"),
        command.amount("amount"));
    return repository.applyTransfer(legs);
  }
}
