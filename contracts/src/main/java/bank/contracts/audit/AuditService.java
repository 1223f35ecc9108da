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
 * <p>Failures carry an {@code ErrorCode}'s code: {@code INVALID_REQUEST} (4000), {@code FORBIDDEN}
 * (4030, the trail is for auditors); {@code UNAVAILABLE} (5030), {@code BUSY} (5031),
 * {@code TIMEOUT} (5040), {@code INTERNAL} (5000).
 */
@ProxyGen
public interface AuditService {

  String NAME = "audit-service";
  /** The prefix of its instances' addresses. */
  String ADDRESS = "bank.audit";
  /** Where each newly recorded event is published, with the publishing node's bank in the {@code bankId} header. */
  String EVENTS_ADDRESS = "bank.audit.events";

  /** A proxy calling the instance that serves this contract at {@code address}. */
  static AuditService proxy(Vertx vertx, String address, DeliveryOptions options) {
    return new AuditServiceVertxEBProxy(vertx, address, options);
  }

  /**
   * For the outboxes: records a batch of events, dropping those already in the trail (delivery is
   * at least once); answers once the batch is committed.
   */
  Future<Recorded> record(CallContext context, AuditBatch batch);

  /** For auditors: the trail, oldest first; only the events of {@code accountId} when it is not null. */
  Future<AuditPage> list(CallContext context, String accountId, PageRequest page);

  /** For auditors: checks the hash chain of the whole trail. */
  Future<ChainVerdict> verify(CallContext context);

  /** This instance's report: its database. */
  Future<Health> health(CallContext context);
}
