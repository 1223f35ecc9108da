package bank.account;

import io.vertx.core.json.JsonArray;

/** A deposit or withdrawal to apply, with the Idempotency-Key it came with (or null). */
record MovementRequest(MovementKind kind, String accountId, long amount, String idempotencyKey, String requestId,
    String caller) {

  /** What makes two requests with one key "the same request": the operation, the account, the amount. */
  String fingerprint() {
    return new JsonArray().add(kind.name()).add(accountId).add(amount).encode();
  }
}
