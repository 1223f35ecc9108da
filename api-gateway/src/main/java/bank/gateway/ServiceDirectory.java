package bank.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The seam to vertx-service-discovery on the gateway side: which services have live records, and
 * at which event-bus address. Reading the cluster-wide registry costs milliseconds, so the answer
 * is cached and refreshed when a record is announced (published, withdrawn) and every few seconds.
 */
final class ServiceDirectory {

  private static final long REFRESH_MS = 5_000;

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private Map<String, List<Record>> byName = Map.of();
  private MessageConsumer<JsonObject> announcements;
  private long timer;

  ServiceDirectory(Vertx vertx) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
  }

  Future<Void> start() {
    announcements = vertx.eventBus().consumer(discovery.options().getAnnounceAddress(), announced -> refresh());
    timer = vertx.setPeriodic(REFRESH_MS, tick -> refresh());
    return announcements.completion().compose(registered -> refresh());
  }

  void stop() {
    vertx.cancelTimer(timer);
    announcements.unregister();
    discovery.close();
  }

  /** The address of the service's instances, or null when none has a record. */
  String address(String service) {
    List<Record> records = byName.getOrDefault(service, List.of());
    return records.isEmpty() ? null : records.get(0).getLocation().getString(Record.ENDPOINT);
  }

  int instances(String service) {
    return byName.getOrDefault(service, List.of()).size();
  }

  private Future<Void> refresh() {
    return discovery.getRecords(record -> true)
        .onSuccess(records -> byName = records.stream().collect(Collectors.groupingBy(Record::getName)))
        .mapEmpty();
  }
}
