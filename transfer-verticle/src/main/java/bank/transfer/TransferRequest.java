package bank.transfer;

import io.vertx.core.json.JsonArray;

/** A transfer as a client asked for it, with the Idempotency-Key it came with (or null). */
record TransferRequest(String from, String to, long amount, String reference, String idempotencyKey,
    String requestId, String caller) {

  /** What makes two requests with one key "the same request" (JSON, so no two requests share one). */
  String fingerprint() {
    return new JsonArray().add(from).add(to).add(amount).add(reference).encode();
  }
}
