package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** An account as the API shows it (see CONTRACT.md): {@code id}, {@code owner}, {@code currency}, {@code balance}, {@code createdAt}. Kept as the JSON it came in, so that a field a newer version adds passes through. */
@DataObject
public final class Account {

  private final JsonObject json;

  public Account(JsonObject json) {
    this.json = json;
  }

  public String id() {
    return json.getString("id");
  }

  public String owner() {
    return json.getString("owner");
  }

  public JsonObject toJson() {
    return json;
  }
}
