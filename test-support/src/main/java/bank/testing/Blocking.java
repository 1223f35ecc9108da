package bank.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/**
 * For tests written as straight-line steps on the test thread (never an event loop): what a future
 * gives, or how it failed, within 30 s.
 */
public final class Blocking {

  private static final long TIMEOUT_SECONDS = 30;

  private Blocking() {
  }

  /**
   * The future's result; an AssertionError when it fails (its cause: the future's failure) or takes
   * longer than 30 s.
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = future.failed() ? future.cause() : e;
      throw new AssertionError("failed: " + cause, cause);
    }
  }

  /** How the future failed; an AssertionError when it succeeds. */
  public static Throwable failureOf(Future<?> future) {
    Throwable failure = await(future.transform(outcome -> Future.succeededFuture(outcome.cause())));
    if (failure == null) {
      throw new AssertionError("the call succeeded: " + future.result());
    }
    return failure;
  }
}
