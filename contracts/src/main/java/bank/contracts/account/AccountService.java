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
 * <p>The caller is the context's {@code callerSub} and {@code callerRoles}; a call without one comes
 * from inside the bank and is not restricted. A customer (that role and no other) may open accounts
 * for itself only, see and list its own, and may not deposit, withdraw or reconcile (FORBIDDEN).
 *
 * <p>Every field is checked here, whatever the gateway checked: strings are non-blank JSON strings,
 * an {@code amount} a JSON integer from 1 to 10^12 minor units, an Idempotency-Key 1 to 255
 * characters (see the data objects); a bad field is INVALID_REQUEST naming it, and changes nothing.
 *
 * <p>Idempotency-Keys of {@code open}, {@code deposit} and {@code withdraw} share one space: the first
 * request with a key is remembered with its fingerprint (the operation and its fields) and its
 * outcome, even a rejection; a repeat with the same fingerprint answers that outcome again, marked
 * {@code replayed}, and moves no money; another request with the key is IDEMPOTENCY_KEY_REUSED, and
 * one sent while the first is still running IDEMPOTENCY_IN_FLIGHT. A NOT_FOUND or a failure leaves
 * the key free.
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

  /**
   * Opens an account with balance 0 and answers it ({@code acc_…} id, {@code createdAt} the time of
   * its transaction); event {@code AccountOpened}. The currency is an ISO 4217 code that
   * {@code java.util.Currency} knows with minor units (upper case; {@code XAU}, {@code XXX} and the
   * like are INVALID_REQUEST). A customer opens for its own {@code sub} only (FORBIDDEN). With an
   * Idempotency-Key, a repeat answers the first account ({@code replayed}); without one, every call
   * opens a new account.
   */
  Future<AccountOutcome> open(CallContext context, AccountOpening opening);

  /** The account {@code id}; NOT_FOUND when there is none or it is a customer's who is not the caller. */
  Future<Account> get(CallContext context, String id);

  /**
   * The accounts the caller may see (a customer: its own), oldest first, one page read as one
   * consistent snapshot; {@code next} is the cursor of the following page ({@code after}), null on
   * the last. A cursor this service did not hand out is INVALID_REQUEST.
   */
  Future<AccountPage> list(CallContext context, PageRequest page);

  /**
   * For tellers (not customers: FORBIDDEN): adds the amount and answers the movement
   * ({@code dep_…} id, the balance after it, {@code createdAt} the time of its transaction); event
   * {@code DepositMade}. NOT_FOUND when there is no such account (nothing recorded). With an
   * Idempotency-Key, exactly once: a repeat answers the first outcome ({@code replayed}), no event.
   */
  Future<MovementOutcome> deposit(CallContext context, MovementOrder order);

  /**
   * For tellers (not customers: FORBIDDEN): takes the amount and answers the movement ({@code wdr_…}
   * id, the balance after it), event {@code WithdrawalMade}; or, when the balance is smaller, answers
   * REJECTED (reason INSUFFICIENT_FUNDS, a reply and not a failure), moves nothing and writes no
   * event. NOT_FOUND when there is no such account. With an Idempotency-Key, exactly once: a repeat
   * answers the first outcome ({@code replayed}), a rejection too, even after the account is funded.
   */
  Future<MovementOutcome> withdraw(CallContext context, MovementOrder order);

  /**
   * For the transfer service: debits {@code from} and credits {@code to} in one commit and answers
   * COMPLETED with the accounts' {@code currency}, or answers REJECTED with the first reason that
   * applies (SAME_ACCOUNT, UNKNOWN_ACCOUNT for either account, CURRENCY_MISMATCH, INSUFFICIENT_FUNDS)
   * and changes nothing; a rejection is a reply, not a failure. Once per transfer id, whoever asks:
   * a repeat answers the first outcome ({@code replayed}), a rejection too, whatever the balances are
   * by then; the id is trusted as given (an id any movement has is answered that movement's outcome).
   * No event: the transfer service writes them.
   */
  Future<TransferApplied> applyTransfer(CallContext context, TransferLegs legs);

  /**
   * {@link #applyTransfer} for each transfer of the batch, as if each came alone, answered together
   * in the batch's order: what a call of its own would have answered, or the failure it would have
   * met (a bad field fails its own transfer, not the batch). One message for the transfers that are
   * ready together, where one each would cost a message, a reply and their decoding per transfer.
   * New in 0.3.0: an instance of 0.2.0 fails it as an "Invalid action" (code 500), and its
   * caller then sends the transfers one by one.
   */
  Future<TransfersApplied> applyTransfers(CallContext context, TransferBatch batch);

  /**
   * For auditors and administrators (a customer: FORBIDDEN): every balance against the sum of its
   * ledger entries, and each currency's totals, read in one consistent snapshot; see
   * {@link Reconciliation} for the report. Since 0.3.0 the sums start from each account's verified
   * checkpoint (the sums a reconciliation found to match its balance, through its newest entry then)
   * and add only the entries after it, and the accounts that balance get a new checkpoint: its time
   * follows the accounts and the entries since the last reconciliation, not the ledger's length.
   * Before, every call summed every entry, as {@link #reconcileAll} does.
   */
  Future<Reconciliation> reconcile(CallContext context);

  /**
   * As {@link #reconcile}, every entry summed again from the first: a change to an entry before a
   * checkpoint is found too, and the checkpoints are set anew from what it found (a differing
   * account loses its own, so that {@code reconcile} reports it from then on). Its time grows with
   * the ledger, so a caller gives it the whole deadline. New in 0.3.0: an instance of 0.2.0 fails it
   * as an "Invalid action" ({@link bank.contracts.UnknownAction}); its {@code reconcile} does the same.
   */
  Future<Reconciliation> reconcileAll(CallContext context);

  /**
   * This instance's report: {@code database} UP once its database answers (else UNAVAILABLE), and
   * {@code reconciliation}, what its last periodic check found: BALANCED, DIFFERENCES or NOT_RUN.
   */
  Future<Health> health(CallContext context);
}
