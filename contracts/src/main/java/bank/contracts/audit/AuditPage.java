package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * A page of the trail, in {@code seq} order: {@code items} (events as {@link AuditService} describes
 * them, with their {@code seq}), and {@code next}, the cursor of the next page, to pass back as
 * {@code after} (null: the last page).
 */
@DataObject
public final class AuditPage {

  private final JsonObject json;

  public AuditPage(JsonObject json) {
    this.json = json;
  }

  public JsonObject toJson() {
    return json;
  }
}
