package bank.contracts.account;

import bank.common.ErrorCode;
import bank.common.ServiceException;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Transfers whose legs to apply together: {@code transfers}, a non-empty array of
 * {@link TransferLegs}, at most {@value #MAX_TRANSFERS}.
 */
@DataObject
public final class TransferBatch {

  public static final int MAX_TRANSFERS = 1000;

  private final JsonObject json;

  public TransferBatch(JsonObject json) {
    this.json = json;
  }

  public static TransferBatch of(List<TransferLegs> transfers) {
    return new TransferBatch(new JsonObject().put("transfers",
        new JsonArray(transfers.stream().map(TransferLegs::toJson).toList())));
  }

  /** The transfers as sent; INVALID_REQUEST when there are none or too many. Each one's fields are checked as it is read. */
  public List<TransferLegs> transfers() {
    if (!(json.getValue("transfers") instanceof JsonArray transfers) || transfers.isEmpty()
        || transfers.size() > MAX_TRANSFERS) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST,
          "'transfers' must be an array of 1 to " + MAX_TRANSFERS + " transfers");
    }
    return transfers.stream()
        .map(transfer -> new TransferLegs(transfer instanceof JsonObject legs ? legs : new JsonObject()))
        .toList();
  }

  public JsonObject toJson() {
    return json;
  }
}
