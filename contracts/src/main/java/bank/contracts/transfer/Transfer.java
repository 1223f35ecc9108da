package bank.contracts.transfer;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A transfer as the API shows it (see CONTRACT.md): {@code id}, {@code from}, {@code to},
 * {@code amount}, {@code currency}, {@code status} (PENDING, COMPLETED, REJECTED), {@code reason}
 * and {@code detail} when rejected, {@code reference}, {@code createdAt}. Kept as the JSON it came
 * in, so that a field a newer version adds passes through untouched.
 */
@DataObject
public final class Transfer {

  private final JsonObject json;

  public Transfer(JsonObject json) {
    this.json = json;
  }

  public String id() {
    return json.getString("id");
  }

  public String from() {
    return json.getString("from");
  }

  public String to() {
    return json.getString("to");
  }

  public String status() {
    return json.getString("status");
  }

  public boolean rejected() {
    return "REJECTED".equals(status());
  }

  public JsonObject toJson() {
    return json;
  }
}
