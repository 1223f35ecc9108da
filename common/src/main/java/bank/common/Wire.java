package bank.common;

import io.vertx.core.eventbus.DeliveryOptions;

/** Names shared by every event-bus message: the headers that travel with a request. */
public final class Wire {

  /** Which operation of the service a request asks for. */
  public static final String ACTION = "action";
  /** The X-Request-Id of the HTTP request that caused this message. */
  public static final String REQUEST_ID = "requestId";
  /** On a reply: "true" when it repeats the first outcome of an idempotent command. */
  public static final String REPLAYED = "replayed";

  private Wire() {
  }

  public static DeliveryOptions request(String action, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(ACTION, action);
    if (requestId != null) {
      options.addHeader(REQUEST_ID, requestId);
    }
    return options;
  }
}
