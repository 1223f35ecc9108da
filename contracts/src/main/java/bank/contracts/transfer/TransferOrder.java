package bank.contracts.transfer;

import bank.common.Fields;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A transfer asked for: {@code from}, {@code to} (account ids: non-blank JSON strings; the same one
 * twice is SAME_ACCOUNT), {@code amount} (a JSON integer of minor units, 1 to 10^12),
 * {@code reference} (optional; a string of at most 140 characters, shown with the transfer) and
 * {@code idempotencyKey} (optional, 1 to 255 characters). The accessors check what they read, save
 * the length of {@code reference}, which the service checks: a bad value is an INVALID_REQUEST.
 */
@DataObject
public final class TransferOrder {

  private final JsonObject json;

  public TransferOrder(JsonObject json) {
    this.json = json;
  }

  public static TransferOrder of(Object from, Object to, Object amount, Object reference, String idempotencyKey) {
    return new TransferOrder(new JsonObject().put("from", from).put("to", to).put("amount", amount)
        .put("reference", reference).put("idempotencyKey", idempotencyKey));
  }

  public String from() {
    return Fields.string(json, "from");
  }

  public String to() {
    return Fields.string(json, "to");
  }

  public long amount() {
    return Fields.amount(json, "amount");
  }

  public String reference() {
    return Fields.optionalString(json, "reference");
  }

  public String idempotencyKey() {
    return Fields.idempotencyKey(json);
  }

  public JsonObject toJson() {
    return json;
  }
}
