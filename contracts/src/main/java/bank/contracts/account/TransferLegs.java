package bank.contracts.account;

import bank.common.Fields;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

/** A transfer's two legs: {@code transferId}, {@code from}, {@code to}, {@code amount}. The accessors check what they read. */
@DataObject
public final class TransferLegs {

  private final JsonObject json;

  public TransferLegs(JsonObject json) {
    this.json = json;
  }

  public static TransferLegs of(String transferId, String from, String to, long amount) {
    return new TransferLegs(new JsonObject().put("transferId", transferId).put("from", from).put("to", to)
        .put("amount", amount));
  }

  public String transferId() {
    return Fields.string(json, "transferId");
  }

  public String from() {
    return Fields.string(json, "from");
  }

  public String to() {
    return Fields.string(json, "to");
  }

  public long amount() {
    return Fields.amount(json, "amount");
  }

  public JsonObject toJson() {
    return json;
  }
}
