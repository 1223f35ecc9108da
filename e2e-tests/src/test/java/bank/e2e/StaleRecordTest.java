package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.testing.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Discovery records of departed nodes")
class StaleRecordTest {

  /**
   * A sweep every 10 s finds the orphan, the sweep of grace 2 s later removes it: 12 s at worst,
   * with room for a slow machine.
   */
  private static final Duration WITHIN = Duration.ofSeconds(25);

  private Vertx node;
  private ServiceDiscovery discovery;

  @BeforeEach
  void connect() throws Exception {
    node = BankCluster.atBaseline().auditNode;
    discovery = ServiceDiscovery.create(node);
  }

  @AfterEach
  void close() {
    discovery.close();
  }

  @Test
  @DisplayName("a record of a node that is no longer a member is removed by the survivors; the live nodes' records stay")
  void removesOnlyOrphans() {
    List<String> liveBefore = registrations(Blocking.await(discovery.getRecords(record -> true, true)));
    assertThat(liveBefore).as("the cluster's own records").isNotEmpty();
    Record orphan = Blocking.await(discovery.publish(EventBusService.createRecord("account-service", "bank.account.gone",
        "bank.eventbus.json", new JsonObject().put("nodeId", "a-node-that-crashed"))));

    List<Record> after = Blocking.await(Eventually.poll(node, WITHIN, () -> discovery.getRecords(record -> true, true),
        records -> !registrations(records).contains(orphan.getRegistration())));

    assertThat(registrations(after)).as("every live node's record is still there").containsAll(liveBefore);
  }

  private static List<String> registrations(List<Record> records) {
    return records.stream().map(Record::getRegistration).toList();
  }
}
