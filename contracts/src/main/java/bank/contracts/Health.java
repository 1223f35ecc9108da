package bank.contracts;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * An instance's own report, which the gateway's readiness shows per node: {@code database}, UP
 * when the instance reaches it, and whatever else the service checks (the account service: the
 * state of its books, {@code reconciliation} and {@code checkedAt}).
 */
@DataObject
public final class Health {

  private final JsonObject json;

  public Health(JsonObject json) {
    this.json = json;
  }

  public static Health ofDatabaseUp() {
    return new Health(new JsonObject().put("database", "UP"));
  }

  public boolean databaseUp() {
    return "UP".equals(json.getString("database"));
  }

  public JsonObject toJson() {
    return json;
  }
}
