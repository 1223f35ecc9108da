package bank.transfer;

/** A transfer as a client asked for it, with the Idempotency-Key it came with (or null). */
record TransferRequest(String from, String to, long amount, String reference, String idempotencyKey,
    String requestId) {

  /** What makes two requests with one key "the same request". */
  String fingerprint() {
    return from + " " + to + " " + amount + " " + (reference == null ? "" : reference);
  }
}
