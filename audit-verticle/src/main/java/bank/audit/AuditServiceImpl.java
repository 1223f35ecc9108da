package bank.audit;

import bank.database.Databases;
import bank.common.ErrorCode;
import bank.common.ServiceException;
import bank.common.Wire;
import bank.contracts.CallContext;
import bank.contracts.Health;
import bank.contracts.PageRequest;
import bank.contracts.audit.AuditBatch;
import bank.contracts.audit.AuditPage;
import bank.contracts.audit.AuditService;
import bank.contracts.audit.ChainVerdict;
import bank.contracts.audit.FullVerification;
import bank.contracts.audit.Recorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit service: record events from the outboxes, and answer queries on the trail. */
final class AuditServiceImpl implements AuditService {

  private static final Logger LOG = LoggerFactory.getLogger(AuditServiceImpl.class);

  private static final Set<String> TYPES =
      Set.of("AccountOpened", "DepositMade", "WithdrawalMade", "TransferCompleted", "TransferRejected");

  private final Pool pool;
  private final AuditRepository repository;
  private final FullVerifications fullVerifications;
  private final EventBus eventBus;
  /** The bank the new events are published as: gateways of another bank sharing the cluster ignore them. */
  private final String bankId;
  /** {@code bank_audit_lag_seconds}: how long after its change each event was recorded. */
  private final Timer lag;

  AuditServiceImpl(Pool pool, AuditRepository repository, FullVerifications fullVerifications, EventBus eventBus,
      String bankId, MeterRegistry registry) {
    this.pool = pool;
    this.repository = repository;
    this.fullVerifications = fullVerifications;
    this.eventBus = eventBus;
    this.bankId = bankId;
    this.lag = Timer.builder("bank.audit.lag")
        .description("From an event's change to its place in the audit trail")
        .register(registry);
  }

  /** Records a batch; events already in the trail are dropped. Confirms only once committed. */
  @Override
  public Future<Recorded> record(CallContext context, AuditBatch events) {
    JsonArray sent = events == null ? null : events.events();
    if (sent == null || sent.isEmpty()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'events' must be a non-empty array");
    }
    List<JsonObject> batch = sent.stream().map(AuditServiceImpl::checked).toList();
    return repository.record(batch)
        .onSuccess(recorded -> recorded.forEach(event -> {
          lag.record(Duration.between(OffsetDateTime.parse(event.getString("at")), OffsetDateTime.now()));
          eventBus.publish(AuditService.EVENTS_ADDRESS, event, Wire.fromBank(new DeliveryOptions(), bankId));
        }))
        .map(recorded -> new Recorded(new JsonObject().put("received", batch.size()).put("recorded", recorded.size())));
  }

  @Override
  public Future<AuditPage> list(CallContext context, String accountId, PageRequest page) {
    refuseCustomer(context);
    PageRequest wanted = PageRequest.orFirst(page);
    return repository.list(accountId, wanted.after(), wanted.limit()).map(AuditPage::new);
  }

  /** Checks the hash chain from the newest checkpoint; a break is also logged, for whoever watches the logs. */
  @Override
  public Future<ChainVerdict> verify(CallContext context) {
    return verify(context, false);
  }

  /** Checks the hash chain of the whole trail. */
  @Override
  public Future<ChainVerdict> verifyAll(CallContext context) {
    return verify(context, true);
  }

  /** Starts the whole trail's verification in the background, or answers the one running. */
  @Override
  public Future<FullVerification> startFullVerification(CallContext context) {
    refuseCustomer(context);
    return fullVerifications.start().map(FullVerification::new);
  }

  @Override
  public Future<FullVerification> fullVerification(CallContext context, String id) {
    refuseCustomer(context);
    if (id == null || id.isBlank()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'id' is required");
    }
    return fullVerifications.get(id).map(FullVerification::new);
  }

  private Future<ChainVerdict> verify(CallContext context, boolean full) {
    refuseCustomer(context);
    return repository.verify(full)
        .onSuccess(verdict -> warnIfBroken(verdict, context.requestId()))
        .map(ChainVerdict::new);
  }

  private static void refuseCustomer(CallContext context) {
    if (context.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "the audit trail is for auditors");
    }
  }

  @Override
  public Future<Health> health(CallContext context) {
    return Databases.health(pool).map(reply -> new Health(reply.body()));
  }

  private static void warnIfBroken(JsonObject verdict, String requestId) {
    if (!verdict.getBoolean("intact")) {
      JsonObject found = verdict.getJsonObject("firstBreak");
      LOG.warn("audit trail chain broken at seq {} (event {}): {}, request {}", found.getLong("seq"),
          found.getString("id"), found.getString("reason"), requestId);
    }
  }

  private static JsonObject checked(Object item) {
    if (!(item instanceof JsonObject event) || event.getString("id") == null || !TYPES.contains(event.getString("type"))
        || event.getString("at") == null || event.getString("entityId") == null
        || !(event.getValue("accountIds") instanceof JsonArray) || !(event.getValue("data") instanceof JsonObject)
        || event.getValue("version") != null && !(event.getValue("version") instanceof Integer version && version > 0)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "not an audit event: " + item);
    }
    try {
      OffsetDateTime.parse(event.getString("at"));
    } catch (DateTimeParseException e) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'at' must be an ISO-8601 instant, got " + event.getString("at"));
    }
    return event;
  }
}
