package bank.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Asks again and again (every 200 ms) until the answer is the one awaited, or fails with the last answer seen. */
final class Poll {

  private static final long PERIOD_MS = 200;

  private Poll() {
  }

  /**
   * The first answer of {@code ask} that satisfies {@code done}; an exception thrown by {@code ask}
   * counts as a wrong answer. Fails with {@code what} and the last answer once {@code within} is over.
   */
  static <T> T until(String what, Duration within, Callable<T> ask, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Object last = null;
    while (true) {
      try {
        T answer = ask.call();
        if (done.test(answer)) {
          return answer;
        }
        last = answer;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": still not the case after " + within.toSeconds() + " s; last answer: " + last);
      }
      Thread.sleep(PERIOD_MS);
    }
  }
}
