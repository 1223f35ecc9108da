package bank.common;

/** Money is a long count of minor units, end to end. */
public final class Money {

  /** The largest amount one request may move: 10^12 minor units. */
  public static final long MAX_AMOUNT = 1_000_000_000_000L;

  private Money() {
  }
}
