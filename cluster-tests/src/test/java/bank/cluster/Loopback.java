package bank.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback addresses of their own for nodes ({@code 127.0.0.10} and up), so that a firewall rule
 * can tell one node's traffic from another's. Each address is added to {@code lo} as a /32 unless
 * it is there already, and only what was added here is removed again. PostgreSQL and the gateways'
 * HTTP ports stay on 127.0.0.1, which is never handed out.
 */
final class Loopback {

  private static final int FIRST = 10;
  private static final int LAST = 250;
  /** JVM-wide, so that two clusters of one test class (two banks side by side) never share an address. */
  private static final AtomicInteger NEXT = new AtomicInteger(FIRST);

  private final Set<String> added = ConcurrentHashMap.newKeySet();

  /** Whether {@code ip} exists and lets this user add an address to {@code lo} (root), with what it said if not. */
  static Command.Result check() {
    String probe = "127.0.0.254";
    Command.Result add = Command.run("ip", "addr", "add", probe + "/32", "dev", "lo");
    if (add.ok()) {
      Command.run("ip", "addr", "del", probe + "/32", "dev", "lo");
    }
    return add;
  }

  /** The next address, on {@code lo} from now on; fails if {@code ip} cannot add it. */
  String allocate() {
    String address = "127.0.0." + NEXT.getAndUpdate(last -> last >= LAST ? FIRST : last + 1);
    if (!present(address)) {
      Command.run("ip", "addr", "add", address + "/32", "dev", "lo").orFail("add " + address + " to lo");
      added.add(address);
    }
    return address;
  }

  /** Removes the addresses this instance added (their nodes must be gone). */
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
