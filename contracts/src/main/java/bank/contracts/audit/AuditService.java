package bank.contracts.audit;

import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * The audit service, contract version 2: the trail of every event of the bank, each event chained
 * to the one before by a hash, so that a change to the trail shows. Registered as {@value #NAME};
 * each instance serves it at the {@code contractAddress} of its record (version 1, the flat messages
 * of 0.1.0, at the record's address: {@link AuditServiceV1}). Each newly recorded event is also
 * published at {@value #EVENTS_ADDRESS}, for whoever follows the trail live.
 *
 * <p>An event, as {@code record} takes it (without {@code seq}), and as {@code list} and
 * {@value #EVENTS_ADDRESS} show it:
 * <ul>
 *   <li>{@code id} ({@code evt_…}), given by the service that wrote it: the trail holds each id once;</li>
 *   <li>{@code seq}: its place in the trail, given when it is recorded (see {@code record});</li>
 *   <li>{@code type}: {@code AccountOpened}, {@code DepositMade}, {@code WithdrawalMade} (written by the
 *   account service), {@code TransferCompleted}, {@code TransferRejected} (by the transfer service);</li>
 *   <li>{@code version}: the version of the events' contract, 1 today (missing: 1);</li>
 *   <li>{@code at}: the time of the transaction that made the change in its service, ISO-8601;</li>
 *   <li>{@code entityId}, {@code accountIds}: what the event is about, and the accounts it touches;</li>
 *   <li>{@code requestId} and {@code caller} (the {@code sub} of the token that caused it), each null
 *   when there is none;</li>
 *   <li>{@code data}: the account, deposit, withdrawal or transfer as its service answered it.</li>
 * </ul>
 * A reader ignores the fields it does not know. The hashes that chain the events are not shown;
 * only {@code verify} reads them.
 *
 * <p>The caller is the context's {@code callerSub} and {@code callerRoles}; a call without one comes
 * from inside the bank. A customer (that role and no other) may not read the trail: {@code list} and
 * {@code verify} are FORBIDDEN to it. No answer is marked {@code replayed}.
 *
 * <p>Every field is checked here: a batch as {@link AuditBatch} says, a page's {@code limit} and
 * {@code after} as {@code PageRequest} says (1 to 1000, default 50; a cursor this API returned); a
 * bad one is INVALID_REQUEST, and changes nothing.
 *
 * <p>Failures carry an {@code ErrorCode}'s code: {@code INVALID_REQUEST} (4000), {@code FORBIDDEN}
 * (4030, the trail is for auditors); {@code UNAVAILABLE} (5030, the database unreachable, restarting
 * or overloaded), {@code BUSY} (5031, too many requests waiting for it: retry later),
 * {@code TIMEOUT} (5040, the call's time was up before it started: nothing done), {@code INTERNAL}
 * (5000, anything unexpected; its detail names only the request id).
 */
@ProxyGen
public interface AuditService {

  String NAME = "audit-service";
  /** The prefix of its instances' addresses. */
  String ADDRESS = "bank.audit";
  /**
   * Where each newly recorded event is published (a fixed address, not an instance's), with the
   * publishing node's bank in the {@code bankId} header: a follower ignores another bank's (one
   * sharing the cluster), whose {@code seq}s are those of its own trail.
   */
  String EVENTS_ADDRESS = "bank.audit.events";

  /** A proxy calling the instance that serves this contract at {@code address}. */
  static AuditService proxy(Vertx vertx, String address, DeliveryOptions options) {
    return new AuditServiceVertxEBProxy(vertx, address, options);
  }

  /**
   * For the outbox relays of the account and transfer services ({@link AuditSink}), each batch to the
   * next live instance; the caller is not checked. Records a batch of events and answers
   * {@link Recorded} once the batch is committed, so that a relay deletes its events only once they
   * are in the trail.
   *
   * <p>The whole batch is checked first ({@link AuditBatch}): one malformed event, or one of an unknown
   * type, is INVALID_REQUEST, and nothing of the batch is stored.
   *
   * <p>Once per event id (delivery is at least once): an event already in the trail (a relay resending
   * after a lost reply, two relays, an id twice in the batch) is skipped and counted in
   * {@code received} only. Recording a batch again changes nothing.
   *
   * <p>{@code seq} is commit order: an event with a smaller {@code seq} is committed before any larger
   * {@code seq} becomes visible, so a reader paging by {@code seq} never skips an event that commits
   * later. It is the order in which the trail recorded the events, not necessarily the order in which
   * the changes happened (the services, and several relays of one service, deliver independently),
   * and it may have gaps.
   *
   * <p>After the commit, each newly recorded event (with its {@code seq}; not a duplicate) is published
   * at {@value #EVENTS_ADDRESS}, in {@code seq} order within the batch. Fire and forget: a consumer
   * that is down misses events, and should read the trail with {@code list} instead.
   */
  Future<Recorded> record(CallContext context, AuditBatch batch);

  /**
   * For auditors and administrators, any caller but a customer (FORBIDDEN): the trail in {@code seq} order, oldest
   * first, one page of {@code page} (null: the first 50), see {@link AuditPage}; when {@code accountId}
   * is not null, only the events whose {@code accountIds} contain it.
   */
  Future<AuditPage> list(CallContext context, String accountId, PageRequest page);

  /**
   * For auditors and administrators, any caller but a customer (FORBIDDEN): checks the hash chain
   * from the newest verified checkpoint on, read as one consistent snapshot, answers
   * {@link ChainVerdict}, and, when the chain is intact and has new events, records the head as the
   * next checkpoint (since 0.3.0; before, every call checked the whole trail, as {@link #verifyAll}
   * does). In {@code seq} order, each event's hash must be that of its content, and the hash it names
   * as the previous one that of the event before it (the checkpoint's for the first; gaps in
   * {@code seq} are no break); the checkpoint's own event must still have its hash. Its time grows
   * with the events recorded since the last verification, not with the trail; the events before the
   * checkpoint are not hashed again.
   */
  Future<ChainVerdict> verify(CallContext context);

  /**
   * As {@link #verify}, from the first event: every event hashed again, so that a change anywhere is
   * found, in one statement. Its time grows with the trail: it serves version 1's {@code verify}
   * (0.1.0's checked the whole trail); the gateway starts a {@link #startFullVerification} instead.
   */
  Future<ChainVerdict> verifyAll(CallContext context);

  /**
   * For auditors and administrators (a customer: FORBIDDEN): starts a verification of the whole trail,
   * from the first event, that runs in the background in pages (one statement and one snapshot per
   * page, each page starting from the previous page's last event and its hash), and answers it,
   * {@code RUNNING}. At most one runs at a time: while one runs, that one is answered; one whose
   * runner has not moved it on for 30 s (its node gone) is taken over from where it had got, by the
   * next start or by an instance's next periodic verification. When it finishes intact, its head is
   * recorded as a checkpoint, as {@link #verify} does. New in 0.3.0: an instance of 0.2.0 fails it
   * as an "Invalid action".
   */
  Future<FullVerification> startFullVerification(CallContext context);

  /**
   * For auditors and administrators (a customer: FORBIDDEN): the full verification {@code id}, how far
   * it has got, and once done its verdict; NOT_FOUND (4040) when there is none of that id. New in 0.3.0.
   */
  Future<FullVerification> fullVerification(CallContext context, String id);

  /**
   * This instance's report: {@code database} UP once its database answers a query, else the call fails
   * (UNAVAILABLE, BUSY). The gateway's readiness check asks every instance.
   */
  Future<Health> health(CallContext context);
}
