package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** The books checked in one snapshot: {@code balanced}, {@code differences}, {@code accountDifferences}, each currency's totals, {@code checkedAt}. */
@DataObject
public final class Reconciliation {

  private final JsonObject json;

  public Reconciliation(JsonObject json) {
    this.json = json;
  }

  public boolean balanced() {
    return json.getBoolean("balanced", false);
  }

  public JsonObject toJson() {
    return json;
  }
}
