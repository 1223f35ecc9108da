package bank.contracts.transfer;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** A page of transfers: {@code items}, and {@code next}, the cursor of the next page (null: the last page). */
@DataObject
public final class TransferPage {

  private final JsonObject json;

  public TransferPage(JsonObject json) {
    this.json = json;
  }

  public JsonObject toJson() {
    return json;
  }
}
