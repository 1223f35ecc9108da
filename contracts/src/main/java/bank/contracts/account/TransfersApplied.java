package bank.contracts.account;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import java.util.List;

/**
 * What the account service did with each transfer of a {@link TransferBatch}, in its order:
 * {@code results}, each a {@link TransferApplied} ({@code outcome}, {@code replayed}) or the failure
 * a call for that transfer alone would have met ({@code failureCode}, an ErrorCode's code, and
 * {@code failureMessage}).
 */
@DataObject
public final class TransfersApplied {

  private final JsonObject json;

  public TransfersApplied(JsonObject json) {
    this.json = json;
  }

  /** {@code results} in batch order; a failed one must have failed with the answer its caller gets. */
  public static TransfersApplied of(List<Future<TransferApplied>> results) {
    return new TransfersApplied(new JsonObject().put("results", new JsonArray(results.stream()
        .map(result -> result.succeeded()
            ? result.result().toJson()
            : new JsonObject().put("failureCode", ((ServiceException) result.cause()).failureCode())
                .put("failureMessage", result.cause().getMessage()))
        .toList())));
  }

  /** {@link #of} once every result is in. */
  public static Future<TransfersApplied> allOf(List<Future<TransferApplied>> results) {
    return Future.join(results).transform(done -> Future.succeededFuture(of(results)));
  }

  /** Each transfer's result, in batch order; a failure is the reply failure a call of its own would have got. */
  public List<Future<TransferApplied>> results() {
    return json.getJsonArray("results", new JsonArray()).stream()
        .map(item -> (JsonObject) item)
        .map(result -> result.containsKey("failureCode")
            ? Future.<TransferApplied>failedFuture(
                new ServiceException(result.getInteger("failureCode"), result.getString("failureMessage")))
            : Future.succeededFuture(new TransferApplied(result)))
        .toList();
  }

  public JsonObject toJson() {
    return json;
  }
}
