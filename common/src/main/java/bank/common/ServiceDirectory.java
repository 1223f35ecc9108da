package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The seam to vertx-service-discovery on the caller side: the live instances of each service, each
 * at its own event-bus address. Reading the cluster-wide registry costs milliseconds, so the
 * records are cached, refreshed when one is announced (published, withdrawn) and every few
 * seconds. An instance counts only while its node is a cluster member: the instances of a node
 * killed with -9 drop out as soon as Hazelcast notices, before any sweeper removes their records.
 * Only the instances of this node's bank count ({@link BankIdentity}): a bank sharing the cluster is
 * never called.
 * One directory per verticle instance: it is used from that verticle's event loop only.
 */
public final class ServiceDirectory {

  private static final long REFRESH_MS = 5_000;
  /** How long an address that found no handler is skipped, whatever the registry says. */
  private static final long UNREACHABLE_MS = 2_000;

  private record Instance(String address, String nodeId) {
  }

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final String bankId;
  private final Map<String, Long> unreachableUntil = new HashMap<>();
  private Map<String, List<Instance>> byName = Map.of();
  private MessageConsumer<JsonObject> announcements;
  private long timer = -1;

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
    return announcements.completion().compose(registered -> refresh());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    if (announcements != null) {
      announcements.unregister();
    }
    discovery.close();
  }

  /** The event-bus addresses of the service's live instances. */
  public List<String> live(String service) {
    Set<String> members = members();
    long now = System.currentTimeMillis();
    unreachableUntil.values().removeIf(until -> until < now);
    return byName.getOrDefault(service, List.of()).stream()
        .filter(instance -> members == null || members.contains(instance.nodeId()))
        .map(Instance::address)
        .filter(address -> !unreachableUntil.containsKey(address))
        .toList();
  }

  /** This address found no handler: its instance has gone, even if the registry does not say so yet. */
  public void unreachable(String address) {
    unreachableUntil.put(address, System.currentTimeMillis() + UNREACHABLE_MS);
  }

  private Future<Void> refresh() {
    return discovery.getRecords(record -> bankId == null || bankId.equals(ServiceRegistration.bankIdOf(record)))
        .onSuccess(records -> byName = records.stream()
            .sorted(Comparator.comparing(ServiceDirectory::address))  // a stable order: a fair round robin
            .collect(Collectors.groupingBy(Record::getName,
                Collectors.mapping(ServiceDirectory::instance, Collectors.toList()))))
        .mapEmpty();
  }

  private static Instance instance(Record record) {
    return new Instance(address(record), ServiceRegistration.nodeIdOf(record));
  }

  private static String address(Record record) {
    return record.getLocation().getString(Record.ENDPOINT);
  }

  /** The ids of the cluster's members (Hazelcast's local view: no network), or null when not clustered. */
  private Set<String> members() {
    return vertx instanceof VertxInternal internal && internal.clusterManager() != null
        ? new HashSet<>(internal.clusterManager().getNodes())
        : null;
  }
}
