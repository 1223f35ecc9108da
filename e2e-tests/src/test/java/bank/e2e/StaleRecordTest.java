package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Discovery records of departed nodes")
class StaleRecordTest {

  @Test
  @DisplayName("a record left behind by a node that is no longer a member is removed by the survivors")
  void removesOrphans(VertxTestContext context) throws Exception {
    Vertx node = BankCluster.shared().auditNode;
    ServiceDiscovery discovery = ServiceDiscovery.create(node);
    Record orphan = EventBusService.createRecord("account-service", "bank.account", "bank.eventbus.json",
        new JsonObject().put("nodeId", "a-node-that-crashed"));
    discovery.publish(orphan)
        .compose(published -> untilGone(node, discovery, published.getRegistration()))
        .eventually(() -> {
          discovery.close();
          return Future.succeededFuture();
        })
        .onComplete(context.succeeding(gone -> context.verify(() -> {
          assertThat(gone).isTrue();
          context.completeNow();
        })));
  }

  private static Future<Boolean> untilGone(Vertx node, ServiceDiscovery discovery, String registration) {
    Promise<Boolean> gone = Promise.promise();
    long timer = node.setPeriodic(250, tick -> discovery.getRecord(registration)
        .onSuccess(found -> {
          if (found == null) {
            gone.tryComplete(true);
          }
        }));
    return gone.future().eventually(() -> {
      node.cancelTimer(timer);
      return Future.succeededFuture();
    });
  }
}
