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
 * node that crashed can be told apart.
 */
public final class ServiceRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistration.class);

  private final ServiceDiscovery discovery;
  private Record published;

  private ServiceRegistration(ServiceDiscovery discovery) {
    this.discovery = discovery;
  }

  public static Future<ServiceRegistration> publish(Vertx vertx, String name, String address) {
    ServiceDiscovery discovery = ServiceDiscovery.create(vertx);
    ServiceRegistration registration = new ServiceRegistration(discovery);
    JsonObject metadata = new JsonObject().put("nodeId", nodeId(vertx));
    Record record = EventBusService.createRecord(name, address, "bank.eventbus.json", metadata);
    return discovery.publish(record)
        .onSuccess(done -> LOG.info("published {} at {} ({})", name, address, done.getRegistration()))
        .map(done -> {
          registration.published = done;
          return registration;
        });
  }

  /** Withdraws the record; a failure is logged, never fatal, as the node is going away anyway. */
  public Future<Void> withdraw() {
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

  private static String nodeId(Vertx vertx) {
    return vertx instanceof io.vertx.core.internal.VertxInternal internal && internal.clusterManager() != null
        ? internal.clusterManager().getNodeId()
        : "local";
  }
}
