package bank.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The faults of the fault tests, each done to one data node at a time: how often, how the node is
 * chosen, what is done to it and, for a fault that lasts, how it ends.
 */
enum Fault {
  /**
   * Every 10 s, kill -9 a random ready node of a random data service that has two ready nodes
   * then, and start its replacement at once without waiting for it; a round that finds no such
   * service kills nothing (on two cores a replacement takes 15 to 20 s to be ready under load).
   */
  KILL("kill -9", Duration.ofSeconds(10), Duration.ZERO),
  /** Every 20 s, SIGSTOP a node for 10 s: a long GC pause, a suspended VM (within Hazelcast's 15 s of patience). */
  FREEZE("freeze", Duration.ofSeconds(20), Duration.ofSeconds(10)),
  /** Every 20 s, cut a node off the other nodes for 10 s; it still reaches PostgreSQL. */
  CUT_OFF("cut off", Duration.ofSeconds(20), Duration.ofSeconds(10));

  /** The services whose nodes a lasting fault hits, one after the other, so that a 60 s run hits each. */
  private static final List<Service> ROTATION = List.of(Service.ACCOUNT, Service.TRANSFER, Service.AUDIT);

  final String verb;
  final Duration every;
  final Duration lasts;

  Fault(String verb, Duration every, Duration lasts) {
    this.verb = verb;
    this.every = every;
    this.lasts = lasts;
  }

  /** The node to hit in round {@code round} (0, 1, ...), or why there is none. */
  Target pick(ProcessCluster cluster, int round) {
    if (this == KILL) {
      List<Service> candidates = Service.DATA.stream().filter(service -> cluster.ready(service).size() >= 2).toList();
      if (candidates.isEmpty()) {
        return new Target(Optional.empty(), "no service with two ready nodes (ready: " + Service.DATA.stream()
            .map(service -> service.shortName + " " + cluster.ready(service).size()).collect(Collectors.joining(", ")) + ")");
      }
      return Target.of(ProcessCluster.any(cluster.ready(ProcessCluster.any(candidates))));
    }
    Service service = ROTATION.get(round % ROTATION.size());
    List<Node> ready = cluster.ready(service);
    return ready.isEmpty() ? new Target(Optional.empty(), "no ready " + service.shortName + " node")
        : Target.of(ProcessCluster.any(ready));
  }

  /** Does the fault to the node (a kill also starts the replacement, and returns at once). */
  void begin(ProcessCluster cluster, Node node) throws InterruptedException {
    switch (this) {
      case KILL -> {
        cluster.kill9(node);
        cluster.start(node.service);
      }
      case FREEZE -> cluster.freeze(node);
      case CUT_OFF -> cluster.cutOff(node);
    }
  }

  /** Ends a lasting fault. */
  void end(ProcessCluster cluster, Node node) {
    switch (this) {
      case KILL -> { }
      case FREEZE -> cluster.thaw(node);
      case CUT_OFF -> cluster.heal(node);
    }
  }

  /** The node a round hits, or (empty) why it hits none. */
  record Target(Optional<Node> node, String why) {

    static Target of(Node node) {
      return new Target(Optional.of(node), "");
    }
  }
}
