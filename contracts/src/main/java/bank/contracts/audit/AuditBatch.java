package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Events to record: {@code events}, a non-empty array of events as {@link AuditService} describes
 * them, without {@code seq}. Each needs an {@code id}, a known {@code type} (AccountOpened, DepositMade,
 * WithdrawalMade, TransferCompleted, TransferRejected), an {@code at} with its offset (ISO-8601, e.g.
 * {@code …Z}), an {@code entityId}, an {@code accountIds} array and a {@code data} object;
 * {@code version}, when present, is a positive integer; {@code requestId} and {@code caller} may be
 * absent or null.
 */
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
