package bank.contracts.account;

import bank.common.Fields;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * An account asked for: {@code owner} (up to 200 characters; a customer's own sub), {@code currency}
 * (ISO 4217) and {@code idempotencyKey} (optional). The accessors check what they read.
 */
@DataObject
public final class AccountOpening {

  private final JsonObject json;

  public AccountOpening(JsonObject json) {
    this.json = json;
  }

  public static AccountOpening of(Object owner, Object currency, String idempotencyKey) {
    return new AccountOpening(new JsonObject().put("owner", owner).put("currency", currency)
        .put("idempotencyKey", idempotencyKey));
  }

  public String owner() {
    return Fields.string(json, "owner");
  }

  public String currency() {
    return Fields.string(json, "currency");
  }

  public String idempotencyKey() {
    return Fields.idempotencyKey(json);
  }

  public JsonObject toJson() {
    return json;
  }
}
