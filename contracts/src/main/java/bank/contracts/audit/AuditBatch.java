package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Events to record: {@code events}, each with {@code id}, {@code type} (AccountOpened, DepositMade, WithdrawalMade, TransferCompleted, TransferRejected), {@code version}, {@code at}, {@code entityId}, {@code accountIds}, {@code requestId}, {@code caller} and {@code data}. */
@DataObject
public final class AuditBatch {

  private final JsonObject json;

  public AuditBatch(JsonObject json) {
    this.json = json;
  }

  public static AuditBatch of(JsonArray events) {
    return new AuditBatch(new JsonObject().put("events", events));
  }

  /** The events as sent; null when there is no array. */
  public JsonArray events() {
    return json.getValue("events") instanceof JsonArray events ? events : null;
  }

  public JsonObject toJson() {
    return json;
  }
}
