package bank.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link ProcessCluster} does to its nodes beyond starting and stopping them: loopback
 * addresses of their own, freezing (SIGSTOP) and cutting off (iptables), and undoing all of it
 * after the test class, whatever happened.
 */
final class NodeFaults {

  private final String cluster;
  private final Set<Node> frozen = ConcurrentHashMap.newKeySet();
  /** Addresses of their own for the nodes; {@code null}: every node on 127.0.0.1. */
  private volatile Loopback loopback;
  private volatile Firewall firewall;

  NodeFaults(String cluster) {
    this.cluster = cluster;
  }

  /** The block of addresses the nodes take theirs from; {@code null} when they all run on 127.0.0.1. */
  Loopback loopback() {
    return loopback;
  }

  /** Reserves addresses for the nodes: "" once done, else why this machine does not allow it. */
  String separateAddresses() {
    if (loopback == null) {
      Command.Result ip = Loopback.check();
      if (!ip.ok()) {
        return "nodes on addresses of their own need `ip addr add` on lo, as root (Debian: iproute2): " + ip;
      }
      Command.Result setpriv = Command.run("setpriv", "--version");
      if (!setpriv.ok()) {
        return "nodes on addresses of their own run under setpriv (Debian: util-linux): " + setpriv;
      }
      loopback = Loopback.reserve();
    }
    return "";
  }

  /** Finds the iptables that works here: "" once found, else what each refused. */
  String firewall() {
    if (firewall == null) {
      List<String> refusals = new ArrayList<>();
      firewall = Firewall.find(cluster, refusals).orElse(null);
      if (firewall == null) {
        return "cutting a node off needs iptables (Debian: iptables), as root: " + refusals;
      }
      System.out.println("[" + cluster + "] cuts nodes off with " + firewall.command());
    }
    return "";
  }

  void freeze(Node node) {
    Command.run("/bin/kill", "-STOP", String.valueOf(node.process.pid())).orFail("freeze " + node);
    frozen.add(node);
  }

  void thaw(Node node) {
    Command.run("/bin/kill", "-CONT", String.valueOf(node.process.pid())).orFail("thaw " + node);
    frozen.remove(node);
  }

  /** A killed node is frozen no longer. */
  void killed(Node node) {
    frozen.remove(node);
  }

  void cutOff(Node node) {
    requireFirewall().cutOff(node);
  }

  void heal(Node node) {
    requireFirewall().heal(node);
  }

  /**
   * Thaws and heals every node (a frozen one obeys nothing but SIGKILL, and a rule left behind
   * would cut the next test's node off); never throws.
   */
  void releaseAll() {
    for (Node node : List.copyOf(frozen)) {
      Command.run("/bin/kill", "-CONT", String.valueOf(node.process.pid()));
      frozen.remove(node);
    }
    if (firewall != null) {
      firewall.healAll();
    }
  }

  /** Removes the addresses added for the nodes, which must be gone; never throws. */
  void removeAddresses() {
    if (loopback != null) {
      loopback.removeAdded();
    }
  }

  private Firewall requireFirewall() {
    if (firewall == null) {
      throw new IllegalStateException("cutting nodes off needs the cluster's withFirewall() before its nodes start");
    }
    return firewall;
  }
}
