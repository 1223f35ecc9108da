package bank.e2e;

import bank.common.ActionRouter;
import bank.common.ClusteredVertx;
import bank.common.ErrorCode;
import bank.common.NodeConfig;
import bank.common.Reply;
import bank.common.ServiceDirectory;
import bank.common.Wire;
import bank.contracts.ServiceEndpoint;
import bank.contracts.account.AccountService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Another copy of the bank that joined the bank's Hazelcast cluster (the same CLUSTER_NAME and the
 * same event-bus certificates, as two ./runs in plain text would have) but is another bank: its
 * BANK_ID and its database are its own. Neither may serve the other's requests.
 */
@DisplayName("A node of another bank in the bank's cluster (the same CLUSTER_NAME, another BANK_ID)")
class StrangerBankTest {

  private static final String STRANGER = "stranger-bank";

  private static final Vertx client = Vertx.vertx();
  private static BankCluster bank;
  private static Api api;
  private static Vertx stranger;

  @BeforeAll
  static void start() throws Exception {
    bank = BankCluster.atBaseline();
    api = new Api(client, bank.httpPort);
    stranger = await(ClusteredVertx.start(NodeConfig.loopback(BankCluster.CLUSTER_NAME).withBankId(STRANGER)
        .withTls(BankCluster.CERTIFICATES.clusterTls("account"))));
  }

  @AfterAll
  static void stop() {
    api.close();
    await(stranger.close());
    await(client.close());
  }

  @Test
  @DisplayName("is never called by the bank: its account service answers none of the bank's reads, and readiness does not count it")
  void neverCalled() {
    String account = await(api.openAccount("EUR"));
    int before = accountInstances();
    AtomicInteger served = new AtomicInteger();
    ActionRouter impostor = new ActionRouter(AccountService.NAME).on("get", command -> {
      served.incrementAndGet();
      return Future.succeededFuture(Reply.of(new JsonObject().put("id", command.body().getString("id"))
          .put("owner", "someone else").put("currency", "EUR").put("balance", 1_000_000).put("createdAt", "2026-01-01T00:00:00Z")));
    });
    ServiceEndpoint endpoint = await(ServiceEndpoint.start(stranger, AccountService.NAME, AccountService.ADDRESS, impostor));
    try {
      await(Eventually.poll(client, Duration.ofSeconds(10), () -> records(bank.gatewayNode, STRANGER), found -> !found.isEmpty()));
      for (int i = 0; i < 40; i++) {
        JsonObject read = await(api.get("/accounts/" + account)).bodyAsJsonObject();
        assertThat(read.getString("owner")).as("the owner in read %d", i).isEqualTo("ann");
        assertThat(read.getLong("balance")).as("the balance in read %d", i).isZero();
      }
      assertThat(served).as("reads the stranger's account service answered").hasValue(0);
      assertThat(accountInstances()).as("account instances in the gateway's readiness").isEqualTo(before);
    } finally {
      await(endpoint.stop());
    }
  }

  @Test
  @DisplayName("cannot call the bank: a deposit it sends straight to a bank's account instance is refused with 5030 and moves nothing")
  void cannotCall() {
    String account = await(api.openAccount("EUR"));
    ServiceDirectory own = new ServiceDirectory(stranger);
    await(own.start());
    try {
      assertThat(own.live(AccountService.NAME)).as("the bank's instances in the stranger's directory").isEmpty();
    } finally {
      own.stop();
    }
    List<Record> instances = await(records(stranger, BankCluster.CLUSTER_NAME));
    assertThat(instances).isNotEmpty();
    String address = instances.get(0).getLocation().getString(Record.ENDPOINT);
    JsonObject deposit = new JsonObject().put("accountId", account).put("amount", 100);
    for (String sender : new String[] {STRANGER, null}) {
      Future<?> sent = stranger.eventBus().request(address, deposit, Wire.request("deposit", "stranger-1", sender));
      assertThat(catchThrowable(() -> sent.await(10, TimeUnit.SECONDS))).as("a deposit naming the bank " + sender)
          .isInstanceOfSatisfying(ReplyException.class,
              refused -> assertThat(refused.failureCode()).isEqualTo(ErrorCode.UNAVAILABLE.code()));
    }
    assertThat(await(api.balance(account))).isZero();
  }

  /** The account service's records published by the nodes of {@code bankId}, as {@code node} reads the registry. */
  private static Future<List<Record>> records(Vertx node, String bankId) {
    ServiceDiscovery registry = ServiceDiscovery.create(node);
    return registry.getRecords(record -> AccountService.NAME.equals(record.getName())
            && record.getMetadata() != null && bankId.equals(record.getMetadata().getString("bankId")))
        .eventually(() -> {
          registry.close();
          return Future.succeededFuture();
        });
  }

  private static int accountInstances() {
    return Api.upInstances(await(api.get("/health/ready")), AccountService.NAME);
  }
}
