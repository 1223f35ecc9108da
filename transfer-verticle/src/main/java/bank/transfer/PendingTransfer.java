package bank.transfer;

import io.vertx.core.json.JsonObject;

/**
 * A recorded transfer that still has to be applied by the account service; {@code view} is the
 * transfer as the API shows it while PENDING, from which its final view is made.
 */
record PendingTransfer(String id, String from, String to, long amount, String requestId, JsonObject view) {

  /** The transfer as the API shows it once the account service's outcome is recorded. */
  JsonObject finishedWith(JsonObject outcome) {
    JsonObject finished = view.copy().put("status", outcome.getString("status"));
    // A rejection is decided before the accounts' currency counts: it has none to show.
    if (outcome.getString("currency") != null) {
      finished.put("currency", outcome.getString("currency"));
    } else {
      finished.remove("currency");
    }
    if (outcome.getString("reason") != null) {
      finished.put("reason", outcome.getString("reason")).put("detail", outcome.getString("detail"));
    }
    return finished;
  }
}
