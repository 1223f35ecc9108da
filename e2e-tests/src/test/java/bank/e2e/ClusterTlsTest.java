package bank.e2e;

import bank.account.AccountVerticle;
import bank.common.ClusterTls;
import bank.common.ClusteredVertx;
import bank.common.Deadline;
import bank.common.NodeConfig;
import bank.common.ServiceCaller;
import bank.common.ServiceDirectory;
import bank.contracts.account.AccountService;
import bank.testing.TestCertificates;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank's event bus runs over mutual TLS (every other e2e test runs on it too). Hazelcast lets any
 * node join, so these rogue nodes do join the cluster and see the services' records; what they
 * must not do is exchange a single message with the bank's nodes. The deposit is the attack that
 * matters: a request without a caller comes from inside the bank and is trusted.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Mutual TLS on the event bus")
class ClusterTlsTest {

  private static final long TIMEOUT_MS = 3_000;
  private static final TestCertificates FOREIGN = TestCertificates.authority("rogue");

  private static BankCluster bank;
  private static Api api;

  @BeforeAll
  static void connect(Vertx vertx) throws Exception {
    bank = BankCluster.atBaseline();
    api = new Api(vertx, bank.httpPort);
  }

  @AfterAll
  static void disconnect() {
    api.close();
  }

  @Test
  @DisplayName("a node of the cluster with a certificate of the bank's authority deposits (the control)")
  void trustedNodeDeposits() throws Exception {
    String account = await(api.openAccount("EUR"));
    Vertx trusted = node(BankCluster.CERTIFICATES.clusterTls("account"));
    try {
      await(depositFrom(trusted, account));
      assertThat(await(api.balance(account))).isEqualTo(100L);
    } finally {
      await(trusted.close());
    }
  }

  @Test
  @DisplayName("a node whose certificate another authority signed joins the cluster but cannot deposit: the service demands a certificate it trusts")
  void foreignCertificateCannotCall() throws Exception {
    assertCannotDeposit(FOREIGN.clusterTls("rogue", BankCluster.CERTIFICATES));
  }

  @Test
  @DisplayName("a node in plain text joins the cluster but cannot deposit")
  void plainTextCannotCall() throws Exception {
    assertCannotDeposit(null);
  }

  @Test
  @DisplayName("the bank's nodes deliver nothing to a node whose certificate they do not trust, nor to one in plain text")
  void nothingReachesAnUntrustedNode() throws Exception {
    for (ClusterTls tls : new ClusterTls[] {FOREIGN.clusterTls("rogue", FOREIGN), null}) {
      Vertx rogue = node(tls);
      AtomicInteger received = new AtomicInteger();
      try {
        await(rogue.eventBus().consumer("rogue.inbox", message -> {
          received.incrementAndGet();
          message.reply("got it");
        }).completion());
        Future<?> sent = bank.auditNode.eventBus().request("rogue.inbox", "the ledger",
            new DeliveryOptions().setSendTimeout(TIMEOUT_MS));
        assertThat(failure(sent)).as("a request from a bank node to " + describe(tls)).isNotNull();
        assertThat(received).as("messages that reached " + describe(tls)).hasValue(0);
      } finally {
        await(rogue.close());
      }
    }
  }

  private static void assertCannotDeposit(ClusterTls tls) throws Exception {
    String account = await(api.openAccount("EUR"));
    Vertx rogue = node(tls);
    try {
      Throwable refused = failure(depositFrom(rogue, account));
      assertThat(refused).as("a deposit from " + describe(tls)).isNotNull();
      assertThat(await(api.balance(account))).as("the balance after the rogue's deposit").isZero();
    } finally {
      await(rogue.close());
    }
  }

  /** A deposit as the bank's own nodes would ask for it: from the registry, straight to an account instance. */
  private static Future<?> depositFrom(Vertx node, String account) {
    ServiceDirectory directory = new ServiceDirectory(node);
    return directory.start()
        .compose(ready -> new ServiceCaller(node, directory, AccountService.NAME)
            .request("deposit", new JsonObject().put("accountId", account).put("amount", 100), "tls-test", Deadline.in(TIMEOUT_MS)))
        .eventually(() -> {
          directory.stop();
          return Future.succeededFuture();
        });
  }

  private static Vertx node(ClusterTls tls) throws Exception {
    return await(ClusteredVertx.start(NodeConfig.loopback(BankCluster.CLUSTER_NAME).withTls(tls)));
  }

  private static String describe(ClusterTls tls) {
    return tls == null ? "a node in plain text" : "a node with a foreign certificate";
  }

  /** How the future failed, or null if it succeeded. Still pending long after its timeout counts as failed. */
  private static Throwable failure(Future<?> future) {
    try {
      future.await(TIMEOUT_MS * 5, TimeUnit.MILLISECONDS);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }
}
