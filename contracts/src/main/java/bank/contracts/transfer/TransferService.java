package bank.contracts.transfer;

import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The transfer service, contract version 2: moves money between two accounts of one currency,
 * exactly once per Idempotency-Key, and reads transfers. Registered as {@value #NAME}; each instance
 * serves it at the {@code contractAddress} of its record (version 1, the flat messages of 0.1.0, at
 * the record's address: {@link TransferServiceV1}). The money itself moves in the account service
 * ({@code AccountService.applyTransfer}), once per transfer id.
 *
 * <p>The caller is the context's {@code callerSub} and {@code callerRoles}; a call without one comes
 * from inside the bank and is not restricted, nor is one whose caller has a role other than customer.
 * A customer (that role and no other) sees and moves only what it owns, as the account service
 * decides it: this service asks it for the accounts involved, on the customer's behalf, and another
 * customer's account is as unknown there as a missing one.
 *
 * <p>Every field is checked here, whatever the gateway checked: ids are non-blank JSON strings, an
 * {@code amount} a JSON integer from 1 to 10^12 minor units ({@link TransferOrder}), a page's
 * {@code limit} and {@code after} as {@code PageRequest} says (1 to 1000, default 50; a cursor this
 * API returned); a bad field is INVALID_REQUEST naming it, and records nothing.
 *
 * <p>Only {@code create} writes, and only it answers {@code replayed}; the other methods read.
 *
 * <p>Failures carry an {@code ErrorCode}'s code: {@code INVALID_REQUEST} (4000), {@code NOT_FOUND}
 * (4040), {@code IDEMPOTENCY_IN_FLIGHT} (4090), {@code SAME_ACCOUNT} (4222), {@code UNKNOWN_ACCOUNT}
 * (4223), {@code IDEMPOTENCY_KEY_REUSED} (4224); {@code TIMEOUT} (5040) once the transfer is
 * recorded but its outcome is not known yet (retry with the same key, or read it), or when a call's time was up
 * before it started (nothing done); {@code UNAVAILABLE} (5030, this service's database unreachable,
 * restarting or overloaded), {@code BUSY} (5031, too many requests waiting for that database: retry
 * later), {@code INTERNAL} (5000, anything unexpected; its detail names only the request id).
 */
@ProxyGen
public interface TransferService {

  String NAME = "transfer-service";
  /** The prefix of its instances' addresses. */
  String ADDRESS = "bank.transfer";

  /** A proxy calling the instance that serves this contract at {@code address}. */
  static TransferService proxy(Vertx vertx, String address, DeliveryOptions options) {
    return new TransferServiceVertxEBProxy(vertx, address, options);
  }

  /**
   * Records the transfer, has the account service apply it, and answers its outcome: COMPLETED with
   * the accounts' {@code currency}, or REJECTED with a {@code reason} and {@code detail}, a reply and
   * not a failure (the gateway answers it with 422 and the transfer id). The reason is the account
   * service's (INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, UNKNOWN_ACCOUNT for either account), or the name
   * of the 4xxx code it refused the transfer with (e.g. INVALID_REQUEST). Any caller may ask; a
   * customer moves money from its own accounts only, to anyone's.
   *
   * <p>Refused before anything is recorded (no transfer, no id): a bad field ({@link TransferOrder});
   * SAME_ACCOUNT when {@code from} equals {@code to}; for a customer, UNKNOWN_ACCOUNT (a failure, not
   * a rejection) when {@code from} is not its own or does not exist.
   *
   * <p>Without an Idempotency-Key every call is a new transfer. With one, the first request is kept
   * for good with its fingerprint ({@code from}, {@code to}, {@code amount}, {@code reference}):
   * <ul>
   *   <li>a repeat once its transfer is COMPLETED or REJECTED answers that transfer again, marked
   *   {@code replayed}, and moves nothing;</li>
   *   <li>another request with the key is IDEMPOTENCY_KEY_REUSED;</li>
   *   <li>a repeat while an earlier request still drives the PENDING transfer is
   *   IDEMPOTENCY_IN_FLIGHT; once that request has let go of it (its drive failed, or 10 s passed), a
   *   repeat drives the transfer itself, unless another request or the recovery took it first
   *   (IDEMPOTENCY_IN_FLIGHT). A later attempt of the caller's own (context {@code attempt} above 1)
   *   drives it at once. A repeat that drives the transfer answers its outcome, not marked
   *   {@code replayed}.</li>
   * </ul>
   *
   * <p>TIMEOUT once the transfer is recorded but its outcome is not (the account service missing,
   * slow or failing, or this service's database failing meanwhile): the transfer stays PENDING and
   * this service finishes it by itself within seconds; the detail names its id, to retry with the
   * same key or to {@code get} it. Never UNAVAILABLE then, which a client without a key could read
   * as "not done". A database failure while recording the transfer is UNAVAILABLE, BUSY or INTERNAL:
   * nothing is recorded, save when the commit went through and only its answer was lost (that
   * transfer is then finished like any other).
   *
   * <p>Events: exactly one per transfer, once it is final, {@code TransferCompleted} or
   * {@code TransferRejected} (account ids {@code [from, to]}, {@code data} the transfer as recorded),
   * with the request id and the caller of the request that created the transfer, whoever finished it.
   * A replay writes none.
   */
  Future<TransferOutcome> create(CallContext context, TransferOrder order);

  /**
   * The transfer {@code id}, whatever its status; NOT_FOUND when there is none, or when the caller is
   * a customer who owns neither of its accounts.
   */
  Future<Transfer> get(CallContext context, String id);

  /**
   * The transfers from or to {@code accountId}, newest first, PENDING ones included: one page of
   * {@code page} (null: the first 50), see {@link TransferPage}. For any caller but a customer the
   * account is not looked up: an unknown account has an empty page (the gateway asks the account
   * service first). A customer gets NOT_FOUND for an account that is not its own or does not exist.
   */
  Future<TransferPage> listByAccount(CallContext context, String accountId, PageRequest page);

  /**
   * This instance's report: {@code database} UP once its database answers a query, else the call fails
   * (UNAVAILABLE, BUSY). It does not ask the account service. The gateway's readiness check asks every
   * instance.
   */
  Future<Health> health(CallContext context);
}
