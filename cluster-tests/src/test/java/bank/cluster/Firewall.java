package bank.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Cuts a node off the other nodes with iptables DROP rules on {@code lo}, and heals it. Only the
 * node's cluster traffic is cut: PostgreSQL and the gateways' HTTP ports listen on 127.0.0.1, and
 * nothing to or from 127.0.0.1 is dropped, so a cut-off node still reaches its database.
 *
 * <p>The node's address alone does not name its traffic: a socket that connects without binding
 * (the Vert.x event bus does so) takes as source the address it connects to, so a connection from
 * node X to node Y runs from Y to Y. So each node runs under a group id of its own (see
 * {@link ProcessCluster}) and a rule drops every packet that the node's sockets send to another
 * node's address ({@code -m owner --gid-owner}); with the rules on its address, both directions of
 * every connection between it and another node are dropped. On loopback every packet passes OUTPUT
 * and then INPUT; the rules are in both chains.
 *
 * <p>Every rule carries the comment {@code cluster-tests:<cluster>}, so that one left behind by a
 * JVM that died can be found: {@code iptables -S | grep cluster-tests:}.
 */
final class Firewall {

  private static final String LOCALHOST = "127.0.0.1";

  private final String iptables;
  private final String comment;
  /** The rules in force for each cut-off node, as iptables arguments after -I/-D. */
  private final Map<Node, List<List<String>>> cut = new ConcurrentHashMap<>();

  private Firewall(String iptables, String comment) {
    this.iptables = iptables;
    this.comment = comment;
  }

  /**
   * A firewall for the cluster named {@code cluster}, with the first of {@code iptables} and
   * {@code iptables-legacy} that can add and delete an owner rule here (Debian's iptables is the nf_tables
   * one, which some kernels lack); empty, with what each said, when neither can.
   */
  static Optional<Firewall> find(String cluster, List<String> refusals) {
    for (String command : List.of("iptables", "iptables-legacy")) {
      List<String> probe = List.of("OUTPUT", "-o", "lo", "-s", "127.0.0.254", "-d", "127.0.0.254",
          "-m", "owner", "--gid-owner", "65000", "-m", "comment", "--comment", "cluster-tests:probe", "-j", "DROP");
      Command.Result added = Command.run(concat(List.of(command, "-w", "-I"), probe));
      if (added.ok()) {
        Command.run(concat(List.of(command, "-w", "-D"), probe));
        return Optional.of(new Firewall(command, "cluster-tests:" + cluster));
      }
      refusals.add(added.toString());
    }
    return Optional.empty();
  }

  String command() {
    return iptables;
  }

  /** Drops everything between the node and any address but 127.0.0.1, until {@link #heal}. */
  void cutOff(Node node) {
    if (cut.containsKey(node)) {
      return;
    }
    String address = node.address;
    String group = String.valueOf(node.group);
    List<List<String>> rules = List.of(
        List.of("OUTPUT", "-o", "lo", "-d", address, "!", "-s", LOCALHOST),
        List.of("OUTPUT", "-o", "lo", "-s", address, "!", "-d", LOCALHOST),
        List.of("OUTPUT", "-o", "lo", "-m", "owner", "--gid-owner", group, "!", "-d", LOCALHOST),
        List.of("INPUT", "-i", "lo", "-d", address, "!", "-s", LOCALHOST),
        List.of("INPUT", "-i", "lo", "-s", address, "!", "-d", LOCALHOST));
    List<List<String>> added = new ArrayList<>();
    cut.put(node, added);
    for (List<String> rule : rules) {
      List<String> full = concat(rule, List.of("-m", "comment", "--comment", comment, "-j", "DROP"));
      Command.run(concat(List.of(iptables, "-w", "-I"), full)).orFail("cut " + node + " off");
      added.add(full);
    }
  }

  /** Removes the node's rules. */
  void heal(Node node) {
    List<List<String>> rules = cut.remove(node);
    if (rules == null) {
      return;
    }
    List<String> failures = new ArrayList<>();
    for (List<String> rule : rules) {
      Command.Result deleted = Command.run(concat(List.of(iptables, "-w", "-D"), rule));
      if (!deleted.ok()) {
        failures.add(deleted.toString());
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cannot heal " + node + ": " + failures);
    }
  }

  /** Heals every node still cut off; never throws (it runs after the tests, and from a shutdown hook). */
  void healAll() {
    for (Node node : List.copyOf(cut.keySet())) {
      try {
        heal(node);
      } catch (RuntimeException e) {
        System.err.println(e.getMessage());
      }
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
