package bank.common;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * When a request must be answered: one deadline per request, set by the gateway when it receives
 * it and carried with every hop as the milliseconds left ({@link Wire#BUDGET}), so that the hops
 * share one time budget instead of adding up timeouts of their own. Carried as a duration, not as
 * a clock time: the nodes' clocks need not agree. Each hop keeps a margin for its answer to travel
 * back, so that a caller never gives up on an answer that is on its way.
 */
public final class Deadline {

  /** What a hop keeps for its answer to get back to its caller. */
  static final long HOP_MARGIN_MS = 50;

  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  public static Deadline in(long millis) {
    return new Deadline(System.nanoTime() + millis * 1_000_000);
  }

  /** The deadline a request carries, or {@code defaultMs} from now if it carries none (a test, an old node). */
  static Deadline of(MultiMap headers, long defaultMs) {
    String budget = headers.get(Wire.BUDGET);
    if (budget == null) {
      return in(defaultMs);
    }
    try {
      return in(Long.parseLong(budget));
    } catch (NumberFormatException e) {
      return in(defaultMs);
    }
  }

  /** A deadline {@code millis} earlier: the time left for a step that must leave some for what follows it. */
  public Deadline less(long millis) {
    return new Deadline(atNanos - millis * 1_000_000);
  }

  /** The first of {@code deadlines} (a batch of requests is done when the first of them must be). */
  public static Deadline soonest(List<Deadline> deadlines) {
    return new Deadline(deadlines.stream().mapToLong(deadline -> deadline.atNanos)
        .reduce((one, other) -> one - other < 0 ? one : other).orElseThrow());
  }

  public long remainingMs() {
    return (atNanos - System.nanoTime()) / 1_000_000;
  }

  public boolean expired() {
    return remainingMs() <= 0;
  }

  /** What the next hop is given: the time left less the margin for the answer's way back. */
  long forNextHop(long attemptMs) {
    return Math.max(0, Math.min(attemptMs, remainingMs()) - HOP_MARGIN_MS);
  }
}
