package bank.e2e;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something asynchronous (the audit trail, a service coming back) without sleeping: asks
 * again on a Vert.x timer until the answer satisfies the condition, or fails once the time is up
 * with the last answer seen.
 */
final class Eventually {

  private static final long PERIOD_MS = 100;

  private Eventually() {
  }

  /** The first answer of {@code attempt} that satisfies {@code done}, asked at most once per period. */
  static <T> Future<T> poll(Vertx vertx, Duration within, Supplier<Future<T>> attempt, Predicate<T> done) {
    Promise<T> result = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    Attempts<T> attempts = new Attempts<>();
    vertx.setPeriodic(1, PERIOD_MS, timer -> {
      if (result.future().isComplete()) {
        vertx.cancelTimer(timer);
        return;
      }
      if (System.nanoTime() > deadline) {
        result.tryFail(new AssertionError("still not there after " + within.toSeconds() + " s; last answer: "
            + attempts.last));
        vertx.cancelTimer(timer);
        return;
      }
      if (attempts.inFlight) {
        return;
      }
      attempts.inFlight = true;
      attempt.get().onComplete(answer -> {
        attempts.inFlight = false;
        attempts.last = answer;
        // Completed before the timer is cancelled: on the first tick of a timer set from a thread
        // other than its event loop, Vert.x 5.0.8's cancelTimer can throw (its future not yet set),
        // and the answer was then lost (EventStreamTest waited 30 s). The next tick cancels it.
        if (done.test(answer)) {
          result.tryComplete(answer);
          vertx.cancelTimer(timer);
        }
      }, failure -> {
        attempts.inFlight = false;
        attempts.last = failure;
      });
    });
    return result.future();
  }

  /** What the timer remembers between ticks (it runs on one event loop). */
  private static final class Attempts<T> {
    boolean inFlight;
    Object last;
  }
}
