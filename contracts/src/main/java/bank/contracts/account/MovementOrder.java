package bank.contracts.account;

import bank.common.Fields;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A deposit or withdrawal asked for: {@code accountId}, {@code amount} (a JSON integer of minor units, 1 to 10^12)
 * and {@code idempotencyKey} (optional; 1 to 255 characters). The accessors check what they read.
 */
@DataObject
public final class MovementOrder {

  private final JsonObject json;

  public MovementOrder(JsonObject json) {
    this.json = json;
  }

  public static MovementOrder of(String accountId, Object amount, String idempotencyKey) {
    return new MovementOrder(new JsonObject().put("accountId", accountId).put("amount", amount)
        .put("idempotencyKey", idempotencyKey));
  }

  public String accountId() {
    return Fields.string(json, "accountId");
  }

  public long amount() {
    return Fields.amount(json, "amount");
  }

  public String idempotencyKey() {
    return Fields.idempotencyKey(json);
  }

  public JsonObject toJson() {
    return json;
  }
}
