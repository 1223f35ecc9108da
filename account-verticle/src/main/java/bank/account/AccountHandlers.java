package bank.account;

import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.Ids;
import bank.common.Outbox;
import bank.common.Reply;
import bank.common.ServiceException;
import io.vertx.core.Future;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** The account service's actions: check the request, let the repository do it, answer. */
final class AccountHandlers {

  private static final int MAX_OWNER_LENGTH = 200;
  // ISO 4217 currencies that money can be held in: not gold, SDRs, test or "no currency" codes (XAU, XDR, XTS, XXX).
  private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .filter(currency -> currency.getDefaultFractionDigits() >= 0)
      .map(Currency::getCurrencyCode)
      .collect(Collectors.toUnmodifiableSet());

  private final AccountRepository repository;
  private final Outbox outbox;

  AccountHandlers(AccountRepository repository, Outbox outbox) {
    this.repository = repository;
    this.outbox = outbox;
  }

  Future<Reply> open(Command command) {
    String owner = command.string("owner");
    if (owner.length() > MAX_OWNER_LENGTH) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'owner' is longer than " + MAX_OWNER_LENGTH + " characters");
    }
    String currency = command.string("currency");
    if (!CURRENCIES.contains(currency)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'currency' must be an ISO 4217 code such as EUR, got '" + currency + "'");
    }
    return repository.open(Ids.next("acc"), owner, currency, command.requestId())
        .onSuccess(opened -> outbox.relay())
        .map(Reply::of);
  }

  Future<Reply> get(Command command) {
    String id = command.string("id");
    return repository.find(id)
        .map(account -> {
          if (account == null) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no account " + id);
          }
          return Reply.of(account);
        });
  }

  Future<Reply> list(Command command) {
    return repository.list(command.after(), command.limit()).map(Reply::of);
  }

  Future<Reply> deposit(Command command) {
    return move(command, MovementKind.DEPOSIT);
  }

  Future<Reply> withdraw(Command command) {
    return move(command, MovementKind.WITHDRAWAL);
  }

  private Future<Reply> move(Command command, MovementKind kind) {
    MovementRequest request = new MovementRequest(kind, command.string("accountId"), command.amount("amount"),
        command.idempotencyKey(), command.requestId());
    return repository.move(request).onSuccess(done -> outbox.relay());
  }

  /** Applies a transfer's debit and credit, or says why not; a repeat gets the first outcome. */
  Future<Reply> applyTransfer(Command command) {
    TransferLegs legs = new TransferLegs(command.string("transferId"), command.string("from"), command.string("to"),
        command.amount("amount"));
    return repository.applyTransfer(legs);
  }
}
