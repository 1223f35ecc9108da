package bank.common;

import io.vertx.core.json.JsonObject;

/**
 * A request received on the event bus: its JSON body, the request id and the caller it carries,
 * the deadline it must be answered by, and which attempt of the caller's it is (a later attempt
 * means the caller gave up on an earlier one, which may still hold the work: see {@link Wire#ATTEMPT}).
 * The accessors check the body, because a service trusts no caller, the gateway included.
 */
public record Command(JsonObject body, String requestId, Caller caller, Deadline deadline, int attempt) {

  public Command(JsonObject body, String requestId, Caller caller) {
    this(body, requestId, caller, Deadline.in(ActionRouter.DEFAULT_BUDGET_MS), 1);
  }

  /** The caller gave up on an earlier attempt of this very request. */
  public boolean isRetry() {
    return attempt > 1;
  }

  private static final int MAX_KEY_LENGTH = 255;

  public String string(String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be a non-empty string");
    }
    return text;
  }

  public String optionalString(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be a string");
    }
    return text;
  }

  /** The Idempotency-Key the request came with (1 to 255 characters), or null. */
  public String idempotencyKey() {
    String key = optionalString("idempotencyKey");
    if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'idempotencyKey' must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    return key;
  }

  /** A positive amount of minor units, at most {@link Money#MAX_AMOUNT}. */
  public long amount(String field) {
    Object value = body.getValue(field);
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be an integer number of minor units");
    }
    long amount = ((Number) value).longValue();
    if (amount < 1 || amount > Money.MAX_AMOUNT) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be between 1 and " + Money.MAX_AMOUNT);
    }
    return amount;
  }

  public int limit() {
    Object value = body.getValue("limit", Page.DEFAULT_LIMIT);
    if (!(value instanceof Integer limit) || limit < 1 || limit > Page.MAX_LIMIT) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'limit' must be between 1 and " + Page.MAX_LIMIT);
    }
    return limit;
  }

  /** The position after which a page starts: 0 for the first page. */
  public long after() {
    return Page.decodeCursor(optionalString("after"));
  }
}
