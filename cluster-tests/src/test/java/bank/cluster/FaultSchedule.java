package bank.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Does one kind of {@link Fault} to the cluster in rounds, every {@code fault.every} from the
 * start for {@code length}, on a thread of its own, whatever state the cluster is in: nothing waits
 * for the cluster to be healthy before a fault, as nothing waits in production.
 */
final class FaultSchedule {

  /** One round: what was done to which node, from when to when (epoch millis), or why nothing was. */
  record Event(Fault fault, Optional<Node> node, String why, long startedAt, long endedAt) {

    boolean done() {
      return node.isPresent();
    }

    @Override
    public String toString() {
      return Report.clock(startedAt) + "  " + node.map(target -> fault.verb + " " + target
              + (fault.lasts.isZero() ? "" : " for " + (endedAt - startedAt) + " ms"))
          .orElse("no " + fault.verb + ": " + why);
    }
  }

  private final ProcessCluster cluster;
  private final Fault fault;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private Thread thread;

  private FaultSchedule(ProcessCluster cluster, Fault fault) {
    this.cluster = cluster;
    this.fault = fault;
  }

  static FaultSchedule start(ProcessCluster cluster, Fault fault, Duration length) {
    FaultSchedule schedule = new FaultSchedule(cluster, fault);
    long startedAt = System.currentTimeMillis();
    schedule.thread = new Thread(() -> schedule.run(startedAt, length), "faults-" + fault.name().toLowerCase());
    schedule.thread.setDaemon(true);
    schedule.thread.start();
    return schedule;
  }

  /** Waits for the last round (a lasting fault included) to end. */
  void await() throws InterruptedException {
    thread.join(fault.every.plus(fault.lasts).plusMinutes(1).toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the fault schedule did not end: " + events);
    }
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** What a round threw (a command that failed, say): the test reports it as a failure. */
  List<Throwable> errors() {
    return List.copyOf(errors);
  }

  private void run(long startedAt, Duration length) {
    for (int round = 0; round * fault.every.toMillis() < length.toMillis(); round++) {
      try {
        Thread.sleep(Math.max(0, startedAt + round * fault.every.toMillis() - System.currentTimeMillis()));
        events.add(round(round));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | AssertionError e) {
        errors.add(e);
      } catch (Error e) {
        errors.add(e);
        return;
      }
    }
  }

  private Event round(int round) throws InterruptedException {
    Fault.Target target = fault.pick(cluster, round);
    long at = System.currentTimeMillis();
    if (target.node().isEmpty()) {
      return new Event(fault, Optional.empty(), target.why(), at, at);
    }
    Node node = target.node().get();
    fault.begin(cluster, node);
    if (!fault.lasts.isZero()) {
      Thread.sleep(fault.lasts.toMillis());
      fault.end(cluster, node);
    }
    return new Event(fault, target.node(), "", at, System.currentTimeMillis());
  }
}
