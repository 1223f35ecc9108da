package bank.contracts.transfer;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A page of transfers, newest first: {@code items} ({@link Transfer}s), and {@code next}, the cursor
 * of the next page, to pass back as {@code after} (null: the last page).
 */
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
