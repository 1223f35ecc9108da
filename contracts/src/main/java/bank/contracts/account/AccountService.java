package bank.contracts.account;

import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The account service, contract version 2: accounts, their balances and ledger, deposits and
 * withdrawals, and the two legs of each transfer. Registered as {@value #NAME}; each instance serves
 * it at the {@code contractAddress} of its record (version 1, the flat messages of 0.1.0, at the
 * record's address: {@link AccountServiceV1}). A customer sees its own accounts only: another's is
 * NOT_FOUND, as if it did not exist.
 *
 * <p>Failures carry an {@code ErrorCode}'s code: {@code INVALID_REQUEST} (4000), {@code FORBIDDEN}
 * (4030), {@code NOT_FOUND} (4040), {@code IDEMPOTENCY_IN_FLIGHT} (4090), {@code IDEMPOTENCY_KEY_REUSED}
 * (4224); {@code UNAVAILABLE} (5030), {@code BUSY} (5031, a full database queue: retry later),
 * {@code TIMEOUT} (5040), {@code INTERNAL} (5000).
 */
@ProxyGen
public interface AccountService {

  String NAME = "account-service";
  /** The prefix of its instances' addresses. */
  String ADDRESS = "bank.account";

  /** A proxy calling the instance that serves this contract at {@code address}. */
  static AccountService proxy(Vertx vertx, String address, DeliveryOptions options) {
    return new AccountServiceVertxEBProxy(vertx, address, options);
  }

  /** Opens an account with balance 0; with an Idempotency-Key, a repeat answers the first account ({@code replayed}). */
  Future<AccountOutcome> open(CallContext context, AccountOpening opening);

  Future<Account> get(CallContext context, String id);

  /** The accounts the caller may see, oldest first. */
  Future<AccountPage> list(CallContext context, PageRequest page);

  /** For tellers: adds the amount; with an Idempotency-Key, exactly once. */
  Future<MovementOutcome> deposit(CallContext context, MovementOrder order);

  /**
   * For tellers: takes the amount, or answers it REJECTED (INSUFFICIENT_FUNDS) and changes nothing;
   * with an Idempotency-Key, exactly once.
   */
  Future<MovementOutcome> withdraw(CallContext context, MovementOrder order);

  /**
   * For the transfer service: debits {@code from} and credits {@code to} in one commit, or answers
   * REJECTED (INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, UNKNOWN_ACCOUNT) and changes nothing. Once per
   * transfer id, whoever asks: a repeat answers the first outcome.
   */
  Future<TransferApplied> applyTransfer(CallContext context, TransferLegs legs);

  /** For staff: every balance against its ledger, and each currency's totals, in one snapshot. */
  Future<Reconciliation> reconcile(CallContext context);

  /** This instance's report: its database, and the state of the books when it last checked them. */
  Future<Health> health(CallContext context);
}
