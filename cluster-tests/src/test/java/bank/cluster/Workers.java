package bank.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A few client threads, each doing one iteration after the other until told to stop. An iteration
 * that throws is remembered (and the thread goes on), so that a test can say what went wrong.
 */
final class Workers {

  /** One iteration of worker number {@code worker}. */
  @FunctionalInterface
  interface Iteration {
    void run(int worker) throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  private Workers() {
  }

  static Workers start(String name, int count, Iteration iteration) {
    Workers workers = new Workers();
    for (int i = 0; i < count; i++) {
      int worker = i;
      Thread thread = new Thread(() -> workers.loop(worker, iteration), name + "-" + i);
      thread.setDaemon(true);
      workers.threads.add(thread);
      thread.start();
    }
    return workers;
  }

  /** Tells each worker to stop after its current iteration; does not wait. */
  void halt() {
    running = false;
  }

  /** Lets each worker finish its current iteration, and waits for them (at most {@code within}). */
  void stop(Duration within) throws InterruptedException {
    halt();
    long deadline = System.nanoTime() + within.toNanos();
    for (Thread thread : threads) {
      thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " still busy " + within.toSeconds() + " s after the stop");
      }
    }
  }

  boolean running() {
    return running;
  }

  /** What iterations threw. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private void loop(int worker, Iteration iteration) {
    while (running) {
      try {
        iteration.run(worker);
      } catch (InterruptedException e) {
        return;
      } catch (Exception | AssertionError e) {
        errors.add(e);
      } catch (Error e) {
        // A broken JVM (a class file changed under it, no memory): remembered, and this worker ends.
        errors.add(e);
        return;
      }
    }
  }
}
