package bank.transfer;

import io.vertx.core.json.JsonObject;

/** How a request for a transfer begins: this request drives it, it is already final, or another request holds it. */
record Start(State state, JsonObject transfer, PendingTransfer pending) {

  enum State { DRIVE, FINISHED, IN_FLIGHT }

  static Start drive(PendingTransfer pending) {
    return new Start(State.DRIVE, pending.view(), pending);
  }

  static Start finished(JsonObject transfer) {
    return new Start(State.FINISHED, transfer, null);
  }

  static Start inFlight() {
    return new Start(State.IN_FLIGHT, null, null);
  }
}
