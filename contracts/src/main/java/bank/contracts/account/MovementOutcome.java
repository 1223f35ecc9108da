package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** The {@code movement}, and whether it {@code replayed} the first outcome of its Idempotency-Key. */
@DataObject
public final class MovementOutcome {

  private final Movement movement;
  private final boolean replayed;

  public MovementOutcome(Movement movement, boolean replayed) {
    this.movement = movement;
    this.replayed = replayed;
  }

  public MovementOutcome(JsonObject json) {
    this(new Movement(json.getJsonObject("movement", new JsonObject())), json.getBoolean("replayed", false));
  }

  public Movement movement() {
    return movement;
  }

  public boolean replayed() {
    return replayed;
  }

  public JsonObject toJson() {
    return new JsonObject().put("movement", movement.toJson()).put("replayed", replayed);
  }
}
