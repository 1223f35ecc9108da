package bank.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A block of loopback addresses for one cluster's nodes ({@code 127.0.N.10} and up, N from this
 * JVM's pid, so that two test runs on one machine are unlikely to share an address, and with it
 * each other's firewall rules), so that a firewall rule can tell one node's traffic from another's.
 * Each address is added to {@code lo} as a /32 unless it is there already, and only what was added
 * here is removed again. PostgreSQL and the gateways' HTTP ports stay on 127.0.0.1, which is never
 * handed out.
 *
 * <p>Every node lists the whole block as its {@code CLUSTER_MEMBERS}, as a production node lists
 * every machine: after a split, the halves find each other only if the smaller half's master
 * finds the bigger half's (a node that listed only the addresses in use when it started stayed
 * alone, once its cluster had a new master, for as long as the test watched). Each address is
 * listed with Hazelcast's first port, 5701, which a node alone on its address binds: without a
 * port, Hazelcast tries 20 ports of each address ({@code cluster.xml}) in every search for the
 * other half, and a healed node took 50 s (5 addresses) to more than 2 minutes (12) to rejoin.
 */
final class Loopback {

  static final int BLOCK = 12;
  private static final int FIRST = 10;
  private static final int LAST = 250;
  /** The third byte of this JVM's addresses. */
  private static final int NET = 1 + (int) (ProcessHandle.current().pid() % 250);
  /** JVM-wide, so that two clusters of one test class (two banks side by side) never share an address. */
  private static final AtomicInteger NEXT = new AtomicInteger(FIRST);

  private final List<String> block;
  private final Set<String> added = ConcurrentHashMap.newKeySet();
  private int handedOut;

  private Loopback(List<String> block) {
    this.block = block;
  }

  /** Whether {@code ip} exists and lets this user add an address to {@code lo} (root), with what it said if not. */
  static Command.Result check() {
    String probe = "127.0." + NET + ".254";
    Command.Result add = Command.run("ip", "addr", "add", probe + "/32", "dev", "lo");
    if (add.ok()) {
      Command.run("ip", "addr", "del", probe + "/32", "dev", "lo");
    }
    return add;
  }

  /** The next {@link #BLOCK} addresses, each on {@code lo} from now on; fails if {@code ip} cannot add one. */
  static Loopback reserve() {
    List<String> block = new ArrayList<>();
    for (int i = 0; i < BLOCK; i++) {
      block.add("127.0." + NET + "." + NEXT.getAndUpdate(last -> last >= LAST ? FIRST : last + 1));
    }
    Loopback loopback = new Loopback(List.copyOf(block));
    for (String address : block) {
      if (!present(address)) {
        Command.run("ip", "addr", "add", address + "/32", "dev", "lo").orFail("add " + address + " to lo");
        loopback.added.add(address);
      }
    }
    return loopback;
  }

  /** A number of the address's own (its last two bytes), e.g. for a group id. */
  static int number(String address) {
    String[] bytes = address.split("\\.");
    return Integer.parseInt(bytes[2]) * 256 + Integer.parseInt(bytes[3]);
  }

  /** Every address of the block with port 5701, comma-separated: a node's {@code CLUSTER_MEMBERS}. */
  String members() {
    return String.join(",", block.stream().map(address -> address + ":5701").toList());
  }

  /** The next address of the block that {@code inUse} does not name (after the last, the first again). */
  synchronized String allocate(Predicate<String> inUse) {
    for (int tried = 0; tried < BLOCK; tried++) {
      String address = block.get(handedOut++ % BLOCK);
      if (!inUse.test(address)) {
        return address;
      }
    }
    throw new IllegalStateException("all " + BLOCK + " addresses of " + block + " are in use by live nodes");
  }

  /** Removes the addresses this block added (their nodes must be gone). */
  void removeAdded() {
    for (String address : List.copyOf(added)) {
      Command.run("ip", "addr", "del", address + "/32", "dev", "lo");
      added.remove(address);
    }
  }

  private static boolean present(String address) {
    return Command.run("ip", "-o", "addr", "show", "dev", "lo").output().contains(" " + address + "/");
  }
}
