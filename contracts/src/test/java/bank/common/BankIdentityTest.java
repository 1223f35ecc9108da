package bank.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bank.contracts.ServiceEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node serves its own bank only. The two banks share one registry here as they would share one
 * Hazelcast cluster: this node (bank {@code ours}) and records and requests that another bank's
 * nodes would publish and send.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A node never serves another bank (BANK_ID)")
class BankIdentityTest {

  private static final String SERVICE = "ping-service";

  @Test
  @DisplayName("BANK_ID defaults to CLUSTER_NAME, whose default is bank, and wins when set")
  void settings() {
    assertThat(NodeConfig.from(new JsonObject()).bankId()).isEqualTo("bank");
    assertThat(NodeConfig.from(new JsonObject().put("CLUSTER_NAME", "bank-3f9a")).bankId()).isEqualTo("bank-3f9a");
    NodeConfig both = NodeConfig.from(new JsonObject().put("CLUSTER_NAME", "shared").put("BANK_ID", "east.1"));
    assertThat(both.clusterName()).isEqualTo("shared");
    assertThat(both.bankId()).isEqualTo("east.1");
  }

  @Test
  @DisplayName("a BANK_ID that is not 1 to 64 of A-Z a-z 0-9 . _ - stops the node with one line naming BANK_ID")
  void invalidSettings() {
    assertThatThrownBy(() -> NodeConfig.from(new JsonObject().put("BANK_ID", "no spaces")))
        .isInstanceOf(ConfigException.class).hasMessage("BANK_ID must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_'"
            + " and '-', got 'no spaces'");
    assertThatThrownBy(() -> NodeConfig.from(new JsonObject().put("BANK_ID", "x".repeat(65))))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_ID must be");
    assertThatThrownBy(() -> NodeConfig.from(new JsonObject().put("CLUSTER_NAME", "our bank")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("BANK_ID is not set and CLUSTER_NAME 'our bank', its default, is not a valid bank id");
  }

  @Test
  @DisplayName("callers see only the instances of their own bank, not another bank's nor those that name none")
  void directoryListsOwnBankOnly(Vertx vertx) throws Exception {
    BankIdentity.bind(vertx, "ours");
    await(ServiceEndpoint.start(vertx, SERVICE, "bank.ping", pong()));
    ServiceDiscovery registry = ServiceDiscovery.create(vertx);
    await(registry.publish(record("bank.ping.theirs", new JsonObject().put("nodeId", "local").put("bankId", "theirs"))));
    await(registry.publish(record("bank.ping.anonymous", new JsonObject().put("nodeId", "local"))));
    ServiceDirectory directory = new ServiceDirectory(vertx);
    await(directory.start());
    try {
      assertThat(await(registry.getRecords(any -> true))).as("records in the shared registry").hasSize(3);
      assertThat(directory.live(SERVICE)).as("the instances a caller of this bank would use")
          .singleElement().asString().startsWith("bank.ping.").doesNotEndWith("theirs").doesNotEndWith("anonymous");
      assertThat(directory.bankId()).isEqualTo("ours");
    } finally {
      directory.stop();
      registry.close();
    }
  }

  @Test
  @DisplayName("a request that names another bank, or none, is refused with 5030; one through a caller of this bank is served")
  void routerRefusesStrangers(Vertx vertx) throws Exception {
    BankIdentity.bind(vertx, "ours");
    await(ServiceEndpoint.start(vertx, SERVICE, "bank.ping", pong()));
    ServiceDirectory directory = new ServiceDirectory(vertx);
    await(directory.start());
    try {
      String address = directory.live(SERVICE).get(0);
      for (String stranger : new String[] {"theirs", null}) {
        Future<Message<Object>> sent = vertx.eventBus().request(address, new JsonObject(),
            Wire.request("ping", "stranger-1", stranger));
        assertThatThrownBy(() -> await(sent)).as("a request from " + stranger)
            .isInstanceOfSatisfying(ReplyException.class, refusal -> {
              assertThat(refusal.failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.code());
              assertThat(refusal.getMessage()).isEqualTo("ping-service of bank 'ours' does not serve "
                  + (stranger == null ? "a node of no bank" : "bank 'theirs'"));
            });
      }
      Message<JsonObject> served = await(new ServiceCaller(vertx, directory, SERVICE).request("ping", new JsonObject(), "own-1", Deadline.in(5_000)));
      assertThat(served.body().getString("pong")).isEqualTo("ours");
    } finally {
      directory.stop();
    }
  }

  @Test
  @DisplayName("a Vert.x that ClusteredVertx did not start belongs to no bank, and then nothing is checked")
  void noBank(Vertx vertx) throws Exception {
    assertThat(BankIdentity.of(vertx)).isNull();
    await(ServiceEndpoint.start(vertx, SERVICE, "bank.ping", pong()));
    ServiceDirectory directory = new ServiceDirectory(vertx);
    await(directory.start());
    try {
      List<String> live = directory.live(SERVICE);
      assertThat(live).hasSize(1);
      Message<Object> served = await(vertx.eventBus().request(live.get(0), new JsonObject(), Wire.request("ping", "t", null)));
      assertThat(served.body()).isNotNull();
    } finally {
      directory.stop();
    }
  }

  private static ActionRouter pong() {
    return new ActionRouter(SERVICE).on("ping", command -> Future.succeededFuture(Reply.of(new JsonObject().put("pong", "ours"))));
  }

  private static io.vertx.servicediscovery.Record record(String address, JsonObject metadata) {
    return EventBusService.createRecord(SERVICE, address, "bank.eventbus.json", metadata);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }
}
