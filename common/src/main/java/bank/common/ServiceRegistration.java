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
 * callers of another bank in the same cluster leave the instance alone. The record is checked
 * every few seconds and published again if it has gone: after a split of the cluster (a node
 * frozen past the heartbeat timeout), each side removed the other's records as those of departed
 * nodes, and the merge does not bring them back.
 */
public final class ServiceRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistration.class);
  private static final long CHECK_MS = 5_000;
  /** The metadata key naming the node that published a record. */
  private static final String NODE_ID = "nodeId";
  /** The metadata key naming the bank of the node that published a record. */
  private static final String BANK_ID = "bankId";

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final String name;
  private final String address;
  private Record published;
  private long checkTimer = -1;
  private boolean checking;
  private boolean withdrawn;

  private ServiceRegistration(Vertx vertx, String name, String address) {
    this.vertx = vertx;
    this.discovery = ServiceDiscovery.create(vertx);
    this.name = name;
    this.address = address;
  }

  public static Future<ServiceRegistration> publish(Vertx vertx, String name, String address) {
    ServiceRegistration registration = new ServiceRegistration(vertx, name, address);
    return registration.publishRecord().map(published -> {
      registration.checkTimer = vertx.setPeriodic(CHECK_MS, tick -> registration.republishIfGone());
      return registration;
    });
  }

  private Future<Void> publishRecord() {
    JsonObject metadata = new JsonObject().put(NODE_ID, nodeId(vertx));
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

  private void republishIfGone() {
    if (checking || published == null) {
      return;
    }
    checking = true;
    discovery.getRecord(published.getRegistration())
        .compose(found -> {
          if (found != null || withdrawn) {
            return Future.succeededFuture();
          }
          LOG.warn("the record of {} at {} had gone from the registry: publishing it again", name, address);
          return publishRecord();
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

  /** The cluster node that published the record, or null for a record without one. */
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
