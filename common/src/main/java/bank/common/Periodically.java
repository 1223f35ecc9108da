package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A task run every {@code interval} (zero: never), never two runs at once: a tick that comes while
 * the last run is still going is skipped. For the periodic checks of the books and of the trail,
 * whose runs may take longer than an interval when the database is slow.
 */
public final class Periodically {

  private final Vertx vertx;
  private final Duration interval;
  private final Supplier<Future<?>> task;
  private long timerId = -1;
  private boolean running;

  public Periodically(Vertx vertx, Duration interval, Supplier<Future<?>> task) {
    this.vertx = vertx;
    this.interval = interval;
    this.task = task;
  }

  public void start() {
    if (!interval.isZero()) {
      timerId = vertx.setPeriodic(interval.toMillis(), tick -> run());
    }
  }

  public void stop() {
    vertx.cancelTimer(timerId);
  }

  private void run() {
    if (running) {
      return;
    }
    running = true;
    Future<?> run;
    try {
      run = task.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(done -> running = false);
  }
}
