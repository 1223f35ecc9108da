package bank.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The seam to vertx-service-discovery on the caller side: the live instances of each service, each
 * at its own event-bus address. Reading the cluster-wide registry costs milliseconds, so the
 * records are cached, refreshed when one is announced (published, withdrawn), when a member joins
 * or leaves, and every few seconds. An instance counts only while its node is a cluster member:
 * the instances of a node killed with -9 drop out as soon as Hazelcast notices, before any sweeper
 * removes their records, and the callers are told at once ({@link #onDeparture}) so that they fail
 * or move the requests they had sent there: the event bus itself drops them without a word.
 * Only the instances of this node's bank count ({@link BankIdentity}): a bank sharing the cluster is
 * never called.
 * One directory per verticle instance: it is used from that verticle's event loop only.
 */
public final class ServiceDirectory {

  private static final long REFRESH_MS = 5_000;
  /** How long an address that found no handler is skipped, whatever the registry says. */
  private static final long UNREACHABLE_MS = 2_000;
  /** How long an instance that let an attempt time out is passed over while another can serve. */
  private static final long SUSPECT_MS = 3_000;

  private record Instance(String address, String nodeId) {
  }

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final String bankId;
  private final Map<String, Long> unreachableUntil = new HashMap<>();
  private final Map<String, Long> suspectUntil = new HashMap<>();
  private final List<Consumer<String>> departureHandlers = new ArrayList<>();
  private Map<String, List<Instance>> byName = Map.of();
  private Map<String, String> nodeByAddress = Map.of();
  private Map<String, String> contractAddressByAddress = Map.of();
  /** The ids of the cluster's members, as {@link #readMembers} last read them. */
  private Set<String> members;
  private MessageConsumer<JsonObject> announcements;
  private long timer = -1;
  private UUID membershipRegistration;

  public ServiceDirectory(Vertx vertx) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
    this.bankId = BankIdentity.of(vertx);
  }

  /** The bank whose instances this directory lists, and that its callers name; null: every record counts. */
  public String bankId() {
    return bankId;
  }

  public Future<Void> start() {
    announcements = vertx.eventBus().consumer(discovery.options().getAnnounceAddress(), announced -> refresh());
    timer = vertx.setPeriodic(REFRESH_MS, tick -> refresh());
    watchMembership(vertx.getOrCreateContext());
    return announcements.completion().compose(registered -> refresh());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    if (announcements != null) {
      announcements.unregister();
    }
    ClusterMembership.unwatch(vertx, membershipRegistration);
    discovery.close();
  }

  /** Calls {@code handler} on this directory's event loop with the id of each node that leaves the cluster. */
  public void onDeparture(Consumer<String> handler) {
    departureHandlers.add(handler);
  }

  /** The event-bus addresses of the service's live instances. */
  public List<String> live(String service) {
    long now = System.currentTimeMillis();
    unreachableUntil.values().removeIf(until -> until < now);
    return byName.getOrDefault(service, List.of()).stream()
        .filter(instance -> members == null || members.contains(instance.nodeId()))
        .map(Instance::address)
        .filter(address -> !unreachableUntil.containsKey(address))
        .toList();
  }

  /** The cluster node of an instance's address (null when unknown, or not clustered). */
  public String nodeOf(String address) {
    return nodeByAddress.get(address);
  }

  /**
   * Where the instance at {@code address} serves its typed contract, or null: an instance of 0.1.0,
   * which speaks version 1 only, at {@code address}.
   */
  public String contractAddressOf(String address) {
    return contractAddressByAddress.get(address);
  }

  /** This address found no handler: its instance has gone, even if the registry does not say so yet. */
  public void unreachable(String address) {
    unreachableUntil.put(address, System.currentTimeMillis() + UNREACHABLE_MS);
  }

  /** This instance let an attempt time out (frozen, cut off, or very slow): prefer others for a while. */
  public void suspect(String address) {
    suspectUntil.put(address, System.currentTimeMillis() + SUSPECT_MS);
  }

  /** The instance answered: it is no longer suspect. */
  public void answered(String address) {
    suspectUntil.remove(address);
  }

  /** Whether the instance is suspect (or on trial: one request is finding out whether it answers again). */
  public boolean isSuspect(String address) {
    Long until = suspectUntil.get(address);
    return until != null && until >= System.currentTimeMillis();
  }

  /**
   * Whether the instance's suspicion has just run out: then the caller may send it one request, a
   * trial, and the instance stays suspect for {@code trialMs} (the trial's attempt time) so that the
   * others keep away from it until that request answers ({@link #answered}) or is late again
   * ({@link #suspect}). A node that is frozen or cut off, yet still a cluster member, costs one late
   * attempt per {@link #SUSPECT_MS}, not one per request.
   */
  public boolean takeTrial(String address, long trialMs) {
    Long until = suspectUntil.get(address);
    long now = System.currentTimeMillis();
    if (until == null || until >= now) {
      return false;
    }
    suspectUntil.put(address, now + trialMs);
    return true;
  }

  private Future<Void> refresh() {
    readMembers();
    return discovery.getRecords(record -> bankId == null || bankId.equals(ServiceRegistration.bankIdOf(record)))
        .onSuccess(records -> {
          Set<String> seen = new HashSet<>();
          List<Record> ordered = records.stream()
              .sorted(Comparator.comparing(ServiceDirectory::address))  // a stable order: a fair round robin
              .filter(record -> seen.add(address(record)))  // one instance, one share, even if it has two records
              .toList();
          byName = ordered.stream().collect(Collectors.groupingBy(Record::getName,
              Collectors.mapping(ServiceDirectory::instance, Collectors.toList())));
          Map<String, String> nodes = new HashMap<>();
          Map<String, String> contractAddresses = new HashMap<>();
          ordered.forEach(record -> {
            String node = ServiceRegistration.nodeIdOf(record);
            if (node != null) {
              nodes.put(address(record), node);
            }
            String contractAddress = ServiceRegistration.contractAddressOf(record);
            if (contractAddress != null) {
              contractAddresses.put(address(record), contractAddress);
            }
          });
          nodeByAddress = nodes;
          contractAddressByAddress = contractAddresses;
        })
        .mapEmpty();
  }

  /** Membership events (ClusterMembership), on this directory's own event loop: the callers are told there. */
  private void watchMembership(Context context) {
    membershipRegistration = ClusterMembership.watch(vertx, context, this::refresh, nodeId -> {
      // refresh() reads the members at once (Hazelcast fires the event after its list dropped the
      // member), so the callers below already find the departed node's instances gone.
      refresh();
      if (nodeId != null) {
        departureHandlers.forEach(handler -> handler.accept(nodeId));
      }
    });
  }

  private static Instance instance(Record record) {
    return new Instance(address(record), ServiceRegistration.nodeIdOf(record));
  }

  private static String address(Record record) {
    return ServiceRegistration.addressOf(record);
  }

  /**
   * Reads the ids of the cluster's members (Hazelcast's local view: no network; null when not
   * clustered) at each refresh: when a member joins or leaves, and every few seconds, never on a
   * request's path.
   */
  private void readMembers() {
    members = vertx instanceof VertxInternal internal && internal.clusterManager() != null
        ? Set.copyOf(internal.clusterManager().getNodes())
        : null;
  }
}
