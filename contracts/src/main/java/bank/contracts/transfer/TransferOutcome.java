package bank.contracts.transfer;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/**
 * The outcome of {@link TransferService#create}: the {@code transfer}, and whether it {@code replayed}
 * the first outcome of its key (the key's transfer was already COMPLETED or REJECTED: nothing moved
 * this time). Version 1 says {@code replayed} in a reply header instead.
 */
@DataObject
public final class TransferOutcome {

  private final Transfer transfer;
  private final boolean replayed;

  public TransferOutcome(Transfer transfer, boolean replayed) {
    this.transfer = transfer;
    this.replayed = replayed;
  }

  public TransferOutcome(JsonObject json) {
    this(new Transfer(json.getJsonObject("transfer", new JsonObject())), json.getBoolean("replayed", false));
  }

  public Transfer transfer() {
    return transfer;
  }

  public boolean replayed() {
    return replayed;
  }

  public JsonObject toJson() {
    return new JsonObject().put("transfer", transfer.toJson()).put("replayed", replayed);
  }
}
