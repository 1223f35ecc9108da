package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * What a batch came to: {@code received}, the events in the batch, of which {@code recorded} were new
 * to the trail (the others were there already, and were skipped).
 */
@DataObject
public final class Recorded {

  private final JsonObject json;

  public Recorded(JsonObject json) {
    this.json = json;
  }

  public int recorded() {
    return json.getInteger("recorded", 0);
  }

  public JsonObject toJson() {
    return json;
  }
}
