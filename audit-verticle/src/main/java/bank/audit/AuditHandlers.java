package bank.audit;

import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.Reply;
import bank.common.ServiceException;
import bank.common.Wire;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The audit service's actions: record events from the outboxes, and answer queries on the trail. */
final class AuditHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(AuditHandlers.class);

  private static final Set<String> TYPES =
      Set.of("AccountOpened", "DepositMade", "WithdrawalMade", "TransferCompleted", "TransferRejected");

  private final AuditRepository repository;
  private final EventBus eventBus;
  /** The bank the new events are published as: gateways of another bank sharing the cluster ignore them. */
  private final String bankId;
  /** {@code bank_audit_lag_seconds}: how long after its change each event was recorded. */
  private final Timer lag;

  AuditHandlers(AuditRepository repository, EventBus eventBus, String bankId, MeterRegistry registry) {
    this.repository = repository;
    this.eventBus = eventBus;
    this.bankId = bankId;
    this.lag = Timer.builder("bank.audit.lag")
        .description("From an event's change to its place in the audit trail")
        .register(registry);
  }

  /** Records a batch; events already in the trail are dropped. Confirms only once committed. */
  Future<Reply> record(Command command) {
    if (!(command.body().getValue("events") instanceof JsonArray events) || events.isEmpty()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'events' must be a non-empty array");
    }
    List<JsonObject> batch = events.stream().map(AuditHandlers::checked).toList();
    return repository.record(batch)
        .onSuccess(recorded -> recorded.forEach(event -> {
          lag.record(Duration.between(OffsetDateTime.parse(event.getString("at")), OffsetDateTime.now()));
          eventBus.publish(AuditVerticle.EVENTS_ADDRESS, event, Wire.fromBank(new DeliveryOptions(), bankId));
        }))
        .map(recorded -> Reply.of(new JsonObject().put("received", batch.size()).put("recorded", recorded.size())));
  }

  Future<Reply> list(Command command) {
    if (command.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "the audit trail is for auditors");
    }
    return repository.list(command.optionalString("accountId"), command.after(), command.limit()).map(Reply::of);
  }

  /** Checks the hash chain of the whole trail; a break is also logged, for whoever watches the logs. */
  Future<Reply> verify(Command command) {
    if (command.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "the audit trail is for auditors");
    }
    return repository.verify()
        .onSuccess(verdict -> warnIfBroken(verdict, command.requestId()))
        .map(Reply::of);
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
        || !(event.getValue("accountIds") instanceof JsonArray) || !(event.getValue("data") instanceof JsonObject)) {
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
