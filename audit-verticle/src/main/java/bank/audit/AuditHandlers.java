package bank.audit;

import bank.common.Command;
import bank.common.ErrorCode;
import bank.common.Reply;
import bank.common.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/** The audit service's actions: record events from the outboxes, and answer queries on the trail. */
final class AuditHandlers {

  private static final Set<String> TYPES =
      Set.of("AccountOpened", "DepositMade", "WithdrawalMade", "TransferCompleted", "TransferRejected");

  private final AuditRepository repository;
  private final EventBus eventBus;

  AuditHandlers(AuditRepository repository, EventBus eventBus) {
    this.repository = repository;
    this.eventBus = eventBus;
  }

  /** Records a batch; events already in the trail are dropped. Confirms only once committed. */
  Future<Reply> record(Command command) {
    if (!(command.body().getValue("events") instanceof JsonArray events) || events.isEmpty()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'events' must be a non-empty array");
    }
    List<JsonObject> batch = events.stream().map(AuditHandlers::checked).toList();
    return repository.record(batch)
        .onSuccess(recorded -> recorded.forEach(event -> eventBus.publish(AuditVerticle.EVENTS_ADDRESS, event)))
        .map(recorded -> Reply.of(new JsonObject().put("received", batch.size()).put("recorded", recorded.size())));
  }

  Future<Reply> list(Command command) {
    if (command.caller().seesOnlyOwn()) {
      throw new ServiceException(ErrorCode.FORBIDDEN, "the audit trail is for auditors");
    }
    return repository.list(command.optionalString("accountId"), command.after(), command.limit()).map(Reply::of);
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
