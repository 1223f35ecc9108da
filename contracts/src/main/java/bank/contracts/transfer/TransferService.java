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
 * the record's address: {@link TransferServiceV1}).
 *
 * <p>Failures carry an {@code ErrorCode}'s code: {@code INVALID_REQUEST} (4000), {@code NOT_FOUND}
 * (4040), {@code IDEMPOTENCY_IN_FLIGHT} (4090), {@code SAME_ACCOUNT} (4222), {@code UNKNOWN_ACCOUNT}
 * (4223), {@code IDEMPOTENCY_KEY_REUSED} (4224); {@code TIMEOUT} (5040) once the transfer is
 * recorded but not yet applied (retry with the same key, or read it), {@code UNAVAILABLE} (5030),
 * {@code BUSY} (5031), {@code INTERNAL} (5000).
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
   * Records the transfer, has the account service apply it, and answers its outcome: COMPLETED, or
   * REJECTED with a reason (INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, UNKNOWN_ACCOUNT). With an
   * Idempotency-Key, a repeat answers the first outcome ({@code replayed}); a customer moves money
   * from its own accounts only.
   */
  Future<TransferOutcome> create(CallContext context, TransferOrder order);

  /** The transfer {@code id}; NOT_FOUND when there is none, or the caller may see neither account. */
  Future<Transfer> get(CallContext context, String id);

  /** The transfers from or to an account, newest first; NOT_FOUND when the caller may not see it. */
  Future<TransferPage> listByAccount(CallContext context, String accountId, PageRequest page);

  /** This instance's report: its database. */
  Future<Health> health(CallContext context);
}
