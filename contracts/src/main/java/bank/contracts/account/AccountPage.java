package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** A page of accounts: {@code items}, and {@code next}, the cursor of the next page (null: the last page). */
@DataObject
public final class AccountPage {

  private final JsonObject json;

  public AccountPage(JsonObject json) {
    this.json = json;
  }

  public JsonObject toJson() {
    return json;
  }
}
