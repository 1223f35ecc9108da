package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** A deposit or withdrawal as the API shows it: {@code id}, {@code accountId}, {@code amount}, {@code balance}, {@code createdAt}; or, REJECTED, {@code status}, {@code reason} and {@code detail}. */
@DataObject
public final class Movement {

  private final JsonObject json;

  public Movement(JsonObject json) {
    this.json = json;
  }

  public String id() {
    return json.getString("id");
  }

  /** COMPLETED, or REJECTED with a reason. */
  public String status() {
    return json.getString("status", "COMPLETED");
  }

  public JsonObject toJson() {
    return json;
  }
}
