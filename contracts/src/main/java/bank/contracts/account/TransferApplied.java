package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * What the account service did with a transfer's legs: its {@code outcome}, {@code status}
 * COMPLETED with the {@code currency} moved, or REJECTED with a {@code reason} (an ErrorCode name)
 * and {@code detail}; and whether it {@code replayed} the first outcome of that transfer id.
 */
@DataObject
public final class TransferApplied {

  private final JsonObject outcome;
  private final boolean replayed;

  public TransferApplied(JsonObject outcome, boolean replayed) {
    this.outcome = outcome;
    this.replayed = replayed;
  }

  public TransferApplied(JsonObject json) {
    this(json.getJsonObject("outcome", new JsonObject()), json.getBoolean("replayed", false));
  }

  public JsonObject outcome() {
    return outcome;
  }

  public String status() {
    return outcome.getString("status");
  }

  public boolean replayed() {
    return replayed;
  }

  public JsonObject toJson() {
    return new JsonObject().put("outcome", outcome).put("replayed", replayed);
  }
}
