package bank.common;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The failure codes services put on the event bus ({@code message.fail(code, detail)}), and in the
 * {@code reason} of a rejected movement. The gateway maps each to an HTTP status in one place.
 * A code is the HTTP status times ten plus a discriminator, so it reads at a glance.
 */
public enum ErrorCode {
  INVALID_REQUEST(4000, "Invalid request"),
  UNAUTHENTICATED(4010, "Unauthenticated"),
  FORBIDDEN(4030, "Forbidden"),
  NOT_FOUND(4040, "Not found"),
  IDEMPOTENCY_IN_FLIGHT(4090, "A request with this Idempotency-Key is in progress"),
  INSUFFICIENT_FUNDS(4220, "Insufficient funds"),
  CURRENCY_MISMATCH(4221, "Currency mismatch"),
  SAME_ACCOUNT(4222, "Same account"),
  UNKNOWN_ACCOUNT(4223, "Unknown account"),
  IDEMPOTENCY_KEY_REUSED(4224, "Idempotency-Key reused with another request"),
  RATE_LIMITED(4290, "Too many requests"),
  INTERNAL(5000, "Internal error"),
  UNAVAILABLE(5030, "Service unavailable"),
  /** Load shed by a healthy service (a bounded queue is full): retry later; no breaker opens for it. */
  BUSY(5031, "Service busy"),
  TIMEOUT(5040, "Service timeout");

  private static final Map<Integer, ErrorCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(ErrorCode::code, Function.identity()));

  private final int code;
  private final String title;

  ErrorCode(int code, String title) {
    this.code = code;
    this.title = title;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return code / 10;
  }

  public String title() {
    return title;
  }

  /** The last part of the problem {@code type} URI, e.g. {@code insufficient-funds}. */
  public String slug() {
    return name().toLowerCase().replace('_', '-');
  }

  /** The code for a failure code received on the event bus; unknown codes are internal errors. */
  public static ErrorCode of(int code) {
    return BY_CODE.getOrDefault(code, INTERNAL);
  }

  /** The code named in a rejected movement's {@code reason}. */
  public static ErrorCode named(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return INTERNAL;
    }
  }
}
