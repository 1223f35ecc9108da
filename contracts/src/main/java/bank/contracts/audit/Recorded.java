package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** What a batch came to: {@code received} events, of which {@code recorded} were new to the trail. */
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
