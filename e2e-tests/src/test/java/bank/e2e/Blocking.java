package bank.e2e;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** For tests written step by step on the test thread (never an event loop): the outcome of a future, or an AssertionError. */
final class Blocking {

  private static final long TIMEOUT_SECONDS = 30;

  private Blocking() {
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
