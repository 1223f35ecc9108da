package bank.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam to vertx-service-discovery on the service side: one record per verticle instance,
 * naming the service and its event-bus address, published once its consumer is registered and
 * withdrawn when it stops. The metadata carries the cluster node id, so that the records of a
 * node that crashed can be told apart, and the node's bank id ({@link BankIdentity}), so that
 * callers of another bank in the same cluster leave the instance alone. Every 2 s the instance
 * checks that the registry holds exactly one record of it: after a split of the cluster (a node
 * frozen or cut off past the heartbeat timeout) each side removed the other's records as those of
 * departed nodes, and one side may have published its own again, which the merge brings back beside
 * the first.
 */
public final class ServiceRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistration.class);
  // Each check reads the whole cluster-wide registry: every 2 s per instance, with the sweeper's,
  // those reads stalled transfers for 150-290 ms every 2-3 s under load (README, round two). A record
  // lost in a split is missing until the next check; the instance's twins serve meanwhile.
  private static final long CHECK_MS = 10_000;
  /** The metadata key naming the node that published a record. */
  private static final String NODE_ID = "nodeId";
  /** The metadata key naming the bank of the node that published a record. */
  private static final String BANK_ID = "bankId";
  /** The metadata keys of the typed contract an instance serves beside version 1, and its address. */
  private static final String CONTRACT = "contract";
  private static final String CONTRACT_ADDRESS = "contractAddress";

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final String name;
  private final String address;
  private final int contract;
  private final String contractAddress;
  private Record published;
  private long checkTimer = -1;
  private boolean checking;
  private boolean withdrawn;

  private ServiceRegistration(Vertx vertx, String name, String address, int contract, String contractAddress) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
    this.name = name;
    this.address = address;
    this.contract = contract;
    this.contractAddress = contractAddress;
  }

  /** The record of an instance that serves contract version 1 only, at {@code address}. */
  public static Future<ServiceRegistration> publish(Vertx vertx, String name, String address) {
    return publish(vertx, name, address, 1, null);
  }

  /**
   * The record of an instance that serves contract version 1 at {@code address} (what callers of
   * 0.1.0 read) and version {@code contract} at {@code contractAddress}.
   */
  public static Future<ServiceRegistration> publish(Vertx vertx, String name, String address, int contract,
      String contractAddress) {
    ServiceRegistration registration = new ServiceRegistration(vertx, name, address, contract, contractAddress);
    return registration.publishRecord().map(published -> {
      registration.checkTimer = vertx.setPeriodic(CHECK_MS, tick -> registration.keepOneRecord());
      return registration;
    });
  }

  private Future<Void> publishRecord() {
    JsonObject metadata = new JsonObject().put(NODE_ID, nodeId(vertx)).put(CONTRACT, contract);
    if (contractAddress != null) {
      metadata.put(CONTRACT_ADDRESS, contractAddress);
    }
    String bankId = BankIdentity.of(vertx);
    if (bankId != null) {
      metadata.put(BANK_ID, bankId);
    }
    return discovery.publish(EventBusService.createRecord(name, address, "bank.eventbus.json", metadata))
        .onSuccess(done -> {
          published = done;
          LOG.info("published {} at {} ({})", name, address, done.getRegistration());
        })
        .mapEmpty();
  }

  /**
   * Keeps exactly one record of this instance in the registry: publishes it again if it has gone,
   * and removes any second one. After a split of the cluster each side may have published it again
   * (each lost the other's copy), and the merge brings both back.
   */
  private void keepOneRecord() {
    if (checking || published == null || withdrawn) {
      return;
    }
    checking = true;
    discovery.getRecords(record -> address.equals(addressOf(record)), true)
        .compose(mine -> {
          if (withdrawn) {
            return Future.succeededFuture();
          }
          if (mine.isEmpty()) {
            LOG.warn("the record of {} at {} had gone from the registry: publishing it again", name, address);
            return publishRecord();
          }
          Record kept = mine.stream().filter(record -> record.getRegistration().equals(published.getRegistration()))
              .findFirst().orElse(mine.get(0));
          published = kept;
          return Future.join(mine.stream().filter(record -> record != kept)
              .map(extra -> discovery.unpublish(extra.getRegistration())
                  .onSuccess(removed -> LOG.info("removed a second record of {} at {} ({})", name, address,
                      extra.getRegistration())))
              .toList()).mapEmpty();
        })
        .onComplete(done -> checking = false);
  }

  /** Withdraws the record; a failure is logged, never fatal, as the node is going away anyway. */
  public Future<Void> withdraw() {
    withdrawn = true;
    vertx.cancelTimer(checkTimer);
    if (published == null) {
      discovery.close();
      return Future.succeededFuture();
    }
    return discovery.unpublish(published.getRegistration())
        .onFailure(failure -> LOG.warn("could not withdraw {}: {}", published.getName(), failure.getMessage()))
        .otherwiseEmpty()
        .eventually(() -> {
          discovery.close();
          return Future.succeededFuture();
        })
        .mapEmpty();
  }

  /** The event-bus address of the instance the record names. */
  static String addressOf(Record record) {
    return record.getLocation().getString(Record.ENDPOINT);
  }

  /** The cluster node that published the record, or null for a record without one. */
  /** Where the instance serves its typed contract; null for an instance of 0.1.0, which serves version 1 only. */
  static String contractAddressOf(Record record) {
    JsonObject metadata = record.getMetadata();
    return metadata == null ? null : metadata.getString(CONTRACT_ADDRESS);
  }

  static String nodeIdOf(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString(NODE_ID);
  }

  /** The bank of the node that published the record, or null for a record without one. */
  static String bankIdOf(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString(BANK_ID);
  }

  private static String nodeId(Vertx vertx) {
    return vertx instanceof io.vertx.core.internal.VertxInternal internal && internal.clusterManager() != null
        ? internal.clusterManager().getNodeId()
        : "local";
  }
}
