package bank.common;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** What a service answers to a request: a JSON body, and whether it replays an earlier outcome. */
public record Reply(JsonObject body, boolean replayed) {

  public static Reply of(JsonObject body) {
    return new Reply(body, false);
  }

  public static Reply replayOf(JsonObject body) {
    return new Reply(body, true);
  }

  DeliveryOptions options() {
    DeliveryOptions options = new DeliveryOptions();
    if (replayed) {
      options.addHeader(Wire.REPLAYED, "true");
    }
    return options;
  }
}
