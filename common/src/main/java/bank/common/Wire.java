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
  /** The milliseconds the receiver has to answer: what is left of the request's {@link Deadline}. */
  public static final String BUDGET = "budgetMs";
  /**
   * Which attempt of the same request this is (1, 2, ...). A later attempt means that the caller gave
   * up on an earlier one (its instance left the cluster or did not answer in time): the receiver may
   * take over work that the earlier one still holds, as every action is safe to repeat.
   */
  public static final String ATTEMPT = "attempt";

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
