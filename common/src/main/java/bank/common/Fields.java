package bank.common;

import io.vertx.core.json.JsonObject;

/**
 * Reads the fields of a request's JSON, as a service reads them: it trusts no caller, the gateway
 * included, so a field of the wrong type or out of range is an {@link ErrorCode#INVALID_REQUEST}.
 */
public final class Fields {

  private static final int MAX_KEY_LENGTH = 255;

  private Fields() {
  }

  public static String string(JsonObject body, String field) {
    return string(field, body.getValue(field));
  }

  /** {@code value}, the field {@code field}, when it is a non-empty string. */
  public static String string(String field, Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'" + field + "' must be a non-empty string");
    }
    return text;
  }

  public static String optionalString(JsonObject body, String field) {
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
  public static String idempotencyKey(JsonObject body) {
    String key = optionalString(body, "idempotencyKey");
    if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'idempotencyKey' must have 1 to " + MAX_KEY_LENGTH + " characters");
    }
    return key;
  }

  /** A positive amount of minor units, at most {@link Money#MAX_AMOUNT}. */
  public static long amount(JsonObject body, String field) {
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

  /** A page's size: 1 to {@link Page#MAX_LIMIT}, {@link Page#DEFAULT_LIMIT} when missing. */
  public static int limit(JsonObject body) {
    Object value = body.getValue("limit", Page.DEFAULT_LIMIT);
    if (!(value instanceof Integer limit) || limit < 1 || limit > Page.MAX_LIMIT) {
      throw new ServiceException(ErrorCode.INVALID_REQUEST, "'limit' must be between 1 and " + Page.MAX_LIMIT);
    }
    return limit;
  }

  /** The position after which a page starts: 0 for the first page. */
  public static long after(JsonObject body) {
    return Page.decodeCursor(optionalString(body, "after"));
  }
}
