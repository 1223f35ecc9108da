package bank.contracts.audit;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** The hash chain checked: {@code intact}, the number of events checked, and the {@code firstBreak} when it is not intact. */
@DataObject
public final class ChainVerdict {

  private final JsonObject json;

  public ChainVerdict(JsonObject json) {
    this.json = json;
  }

  public boolean intact() {
    return json.getBoolean("intact", false);
  }

  public JsonObject toJson() {
    return json;
  }
}
