package bank.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A bank cluster of real processes: each node is {@code java -jar <fat jar>} in a JVM of its own,
 * on loopback, under a cluster name of its own (so that it joins no other cluster on this machine),
 * with its output in {@code target/nodes/<cluster>/<node>.log}. Nodes are started, killed (kill -9),
 * stopped (SIGTERM), frozen (SIGSTOP) and thawed one by one; with {@link #withFirewall()}, cut off
 * from the other nodes and healed. Register it with {@code @RegisterExtension}: after the test
 * class it thaws, heals and kills every node it started and removes the loopback addresses it
 * added (so does a shutdown hook, should the JVM stop first), and when a test failed it prints the
 * tail of every node's output.
 */
final class ProcessCluster implements AfterAllCallback, TestWatcher {

  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** A node on 127.0.N.X runs under group id GROUP_BASE + 256 N + X: its own, for the firewall's owner rules. */
  private static final int GROUP_BASE = 100_000;
  private static final int TAIL_LINES = 15;

  private final String name;
  private final Path logs;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  /** The nodes this cluster killed or stopped on purpose. */
  private final Set<Node> stopped = ConcurrentHashMap.newKeySet();
  private final Map<Service, Integer> started = new EnumMap<>(Service.class);
  /** Set for every node this cluster starts from now on, after (over) the cluster's own settings. */
  private final Map<String, String> environment = new ConcurrentHashMap<>();
  private final NodeFaults faults;
  private String postgresUrl;
  private boolean failed;

  /** A cluster named {@code bank-<testName>-<pid>}: no other test run or {@code ./run} has that name. */
  ProcessCluster(String testName) {
    this(List.of("bank", testName, String.valueOf(ProcessHandle.current().pid())));
  }

  /** The parts of the cluster's name, joined with hyphens. */
  private ProcessCluster(List<String> nameParts) {
    this.name = String.join("-", nameParts);
    this.logs = Path.of("target", "nodes", name);
    this.faults = new NodeFaults(name);
    Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp, name + "-clean-up"));
  }

  /** A cluster of exactly this {@code CLUSTER_NAME}, e.g. two banks side by side that must never join each other. */
  static ProcessCluster named(String clusterName) {
    return new ProcessCluster(List.of(clusterName));
  }

  String name() {
    return name;
  }

  /** The database the data services started from now on use, as {@code PG_URL}. */
  ProcessCluster usePostgres(String url) {
    this.postgresUrl = url;
    return this;
  }

  /** An environment variable for every node this cluster starts from now on; it wins over the cluster's own. */
  ProcessCluster environment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  /**
   * Every node started from now on binds to a loopback address of its own, from a block of
   * {@link Loopback#BLOCK} reserved for this cluster (127.0.N.10 and up, added to {@code lo} as
   * needed), and lists the whole block in {@code CLUSTER_MEMBERS}; the gateways' HTTP ports stay
   * on 127.0.0.1. Each node runs under a group id of its own
   * ({@code setpriv}). Skips the test class (an assumption) when {@code ip} or {@code setpriv}
   * cannot do that here: call it in {@code @BeforeAll}, where a failed assumption skips the class
   * (in a static initializer it would be an error).
   */
  ProcessCluster separateAddresses() {
    String refusal = faults.separateAddresses();
    assumeTrue(refusal.isEmpty(), refusal);
    return this;
  }

  /**
   * {@link #separateAddresses()} where this machine allows it, else every node on 127.0.0.1 (and a
   * line saying why): on addresses of their own, nodes never meet the Hazelcast ports of another
   * test run on 127.0.0.1, whose clusters can take the twenty ports that nodes there search.
   */
  ProcessCluster preferSeparateAddresses() {
    String refusal = faults.separateAddresses();
    if (!refusal.isEmpty()) {
      System.out.println("[" + name + "] every node on 127.0.0.1: " + refusal);
    }
    return this;
  }

  /**
   * {@link #separateAddresses()}, and iptables for {@link #cutOff}; skips the test class (an
   * assumption) when neither iptables nor iptables-legacy can add a rule here.
   */
  ProcessCluster withFirewall() {
    separateAddresses();
    String refusal = faults.firewall();
    assumeTrue(refusal.isEmpty(), refusal);
    return this;
  }

  /**
   * Starts the first data node alone (it forms the cluster), then all the others at once, and waits
   * until every node is ready and every gateway sees every instance.
   */
  void startAll(Map<Service, Integer> counts) throws InterruptedException, IOException {
    for (Service service : counts.keySet()) {
      assumeTrue(service.fatJar().isPresent(), "the fat jars are built by mvn package (or verify): none in " + service.module);
    }
    startAll(counts, service -> service.fatJar().orElseThrow());
  }

  /** The same, each service running the jar {@code jars} names (a release's: {@link Release}). */
  void startAll(Map<Service, Integer> counts, Function<Service, Path> jars) throws InterruptedException, IOException {
    for (Service service : counts.keySet()) {
      Path jar = jars.apply(service);
      System.out.println("[" + name + "] " + service.module + " runs " + jar.toAbsolutePath() + ", built "
          + Files.getLastModifiedTime(jar));
    }
    List<Service> order = List.of(Service.AUDIT, Service.ACCOUNT, Service.TRANSFER, Service.GATEWAY);
    Service first = order.stream().filter(service -> counts.getOrDefault(service, 0) > 0).findFirst().orElseThrow();
    Node founder = start(first, jars.apply(first));
    Poll.until(founder + " ready", START_TIMEOUT, () -> checkAlive(founder), Node::ready);
    for (Service service : order) {
      for (int i = service == first ? 1 : 0; i < counts.getOrDefault(service, 0); i++) {
        start(service, jars.apply(service));
      }
    }
    awaitReady();
  }

  /** Starts one more node of {@code service}, of this build; does not wait for it. */
  Node start(Service service) {
    return start(service, service.fatJar().orElseThrow());
  }

  /** Starts one more node of {@code service} running {@code jar} (a release's: {@link Release}); does not wait for it. */
  Node start(Service service, Path jar) {
    int number = started.merge(service, 1, Integer::sum);
    String nodeName = service.shortName + "-" + number;
    Path log = logs.resolve(nodeName + ".log");
    Loopback loopback = faults.loopback();
    String address = loopback == null ? null
        : loopback.allocate(taken -> nodes.stream().anyMatch(node -> node.alive() && taken.equals(node.address)));
    int group = address == null ? 0 : GROUP_BASE + Loopback.number(address);
    Integer httpPort = service.hasData() ? null : freePort();
    NodeLaunch launch = new NodeLaunch(service, jar, name, address, group, loopback == null ? "127.0.0.1" : loopback.members(),
        postgresUrl, httpPort, Map.copyOf(environment));
    try {
      Files.createDirectories(logs);
      Node node = new Node(service, nodeName, launch.processBuilder(log).start(), log, httpPort, address, group);
      nodes.add(node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + nodeName, e);
    }
  }

  /**
   * Waits until every live node has logged that it is ready and every live gateway answers
   * {@code /health/ready} with 200 and as many instances of each service (each counted once, see
   * {@link Readiness#duplicates}) as there are live nodes.
   * Fails at once, with its output, if a node exits meanwhile.
   */
  void awaitReady() throws InterruptedException {
    Poll.until("every node ready and seen by every gateway", START_TIMEOUT, this::describeUnready, String::isEmpty);
  }

  /** The gateway's readiness answer (blocking, 5 s at most). */
  Readiness readiness(Node gateway) throws IOException, InterruptedException {
    return Readiness.of(gateway.http.get("/health/ready", Duration.ofSeconds(5)));
  }

  /** The live nodes of a service, in the order they started. */
  List<Node> live(Service service) {
    return nodes.stream().filter(node -> node.service == service && node.alive()).toList();
  }

  List<Node> ready(Service service) {
    return nodes.stream().filter(node -> node.service == service && node.ready()).toList();
  }

  /** The first live gateway's client. */
  Http gateway() {
    return live(Service.GATEWAY).get(0).http;
  }

  /** kill -9: the node dies at once, leaving its discovery records and cluster membership behind. */
  void kill9(Node node) throws InterruptedException {
    stopped.add(node);
    node.process.destroyForcibly();
    node.process.waitFor(10, TimeUnit.SECONDS);
    faults.killed(node);
  }

  /**
   * kill -STOP: the node stops dead, its connections open and silent, as in a long GC pause or a
   * suspended VM, until {@link #thaw}.
   */
  void freeze(Node node) {
    faults.freeze(node);
  }

  /** kill -CONT: the frozen node goes on where it stopped. */
  void thaw(Node node) {
    faults.thaw(node);
  }

  /** Drops every packet between the node and the other nodes (not PostgreSQL) until {@link #heal}; needs {@link #withFirewall()}. */
  void cutOff(Node node) {
    faults.cutOff(node);
  }

  void heal(Node node) {
    faults.heal(node);
  }

  /** SIGTERM: the node should drain, withdraw its records, leave the cluster and exit. */
  void sigterm(Node node) {
    stopped.add(node);
    node.process.destroy();
  }

  /** The node's exit code, if it exited within {@code within}. */
  Optional<Integer> awaitExit(Node node, Duration within) throws InterruptedException {
    return node.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.of(node.process.exitValue()) : Optional.empty();
  }

  /** A random element of a non-empty list. */
  static <T> T any(List<T> list) {
    return list.get(ThreadLocalRandom.current().nextInt(list.size()));
  }

  /** The tail of every node's output, for a failure report. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    for (Node node : nodes) {
      String state = node.alive() ? "alive" : "exited " + node.process.exitValue();
      tails.append("---- ").append(node).append(", ").append(state).append(", ").append(node.log.toAbsolutePath())
          .append('\n').append(node.tail(TAIL_LINES)).append('\n');
    }
    return tails.toString();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    failed = true;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (failed || context.getExecutionException().isPresent()) {
      System.out.println("==== the last lines of each node of " + name + "\n" + logTails());
    }
    cleanUp();
  }

  /**
   * Thaws and heals every node, kills them all, and once they are gone removes the addresses it
   * added. It never throws: it runs after the tests, and from a shutdown hook.
   */
  private void cleanUp() {
    faults.releaseAll();
    killAll();
    for (Node node : nodes) {
      try {
        node.process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    faults.removeAddresses();
  }

  private String describeUnready() throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    for (Node node : nodes) {
      checkAlive(node);
      if (node.alive() && !node.ready()) {
        missing.add(node + " not ready");
      }
    }
    for (Node gateway : ready(Service.GATEWAY)) {
      Readiness readiness = readiness(gateway);
      boolean sees = readiness.ready() && Service.DATA.stream()
          .allMatch(service -> readiness.instances(service) == live(service).size());
      if (!sees) {
        missing.add(gateway + " answers " + readiness);
      }
    }
    return String.join("; ", missing);
  }

  /** Fails with its output (an error, which {@link Poll} does not take for a wrong answer) if a node that nobody stopped has exited. */
  private Node checkAlive(Node node) {
    if (!node.alive() && !stopped.contains(node)) {
      throw new AssertionError(node + " exited with " + node.process.exitValue() + ":\n" + node.tail(TAIL_LINES));
    }
    return node;
  }

  /** kill -9 to every node this cluster started (it is done again after the test class, in case). */
  void killAll() {
    nodes.forEach(node -> node.process.destroyForcibly());
  }

  /** A port in 20000..29999 that nothing listens on now (below the ephemeral range the nodes' own ports come from). */
  static int freePort() {
    while (true) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // Try another one.
      }
    }
  }
}
