package bank.common;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

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
  /** The bank of the node that sent the message ({@link BankIdentity}). */
  public static final String BANK_ID = "bankId";

  private Wire() {
  }

  public static DeliveryOptions request(String action, String requestId) {
    DeliveryOptions options = new DeliveryOptions().addHeader(ACTION, action);
    if (requestId != null) {
      options.addHeader(REQUEST_ID, requestId);
    }
    return options;
  }

  /** A request from a node of the bank {@code bankId} (null: a node of no bank, which names none). */
  public static DeliveryOptions request(String action, String requestId, String bankId) {
    return fromBank(request(action, requestId), bankId);
  }

  /** Names the sender's bank on a message; {@code bankId} null names none. */
  public static DeliveryOptions fromBank(DeliveryOptions options, String bankId) {
    return bankId == null ? options : options.addHeader(BANK_ID, bankId);
  }

  /**
   * Whether a node of the bank {@code bankId} must not take this message: it names another bank, or
   * none. A node of no bank ({@code bankId} null) takes every message.
   */
  public static boolean isFromAnotherBank(Message<?> message, String bankId) {
    return bankId != null && !bankId.equals(message.headers().get(BANK_ID));
  }
}
