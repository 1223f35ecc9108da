package bank.e2e;

import bank.account.AccountVerticle;
import bank.audit.AuditVerticle;
import bank.common.ClusteredVertx;
import bank.database.DatabaseConfig;
import bank.database.Databases;
import bank.common.NodeConfig;
import bank.common.OpsConfig;
import bank.contracts.account.AccountService;
import bank.contracts.audit.AuditService;
import bank.contracts.transfer.TransferService;
import bank.gateway.AuthConfig;
import bank.gateway.GatewayConfig;
import bank.gateway.GatewayVerticle;
import bank.postgres.PostgresServer;
import bank.testing.Blocking;
import bank.testing.TestCertificates;
import bank.testing.Tokens;
import bank.transfer.TransferVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole bank for end-to-end tests: one real Hazelcast cluster of four Vert.x nodes in this JVM
 * (gateway, account, transfer, audit: each its own clustered Vert.x instance, talking only over the
 * clustered event bus, with mutual TLS and a certificate of its own) on a fresh database of the test
 * PostgreSQL. Started once and shared by the test classes, which run one after another; stopped when
 * the JVM exits.
 */
final class BankCluster {

  private static BankCluster shared;
  private static Exception startFailure;
  /** This test run's own cluster: other runs on this machine (or ./run) do not join it. */
  static final String CLUSTER_NAME = "bank-test-" + ProcessHandle.current().pid();
  /** The authority that signed the nodes' event-bus certificates. */
  static final Duration RECONCILE_EVERY = Duration.ofSeconds(2);
  private static final List<String> SERVICES = List.of(AccountService.NAME, TransferService.NAME,
      AuditService.NAME);
  private static final Duration BASELINE_WITHIN = Duration.ofSeconds(20);
  static final TestCertificates CERTIFICATES = TestCertificates.authority("gateway", "account", "transfer", "audit");

  final DatabaseConfig database;
  final int httpPort;
  /** The account node's operations port: /metrics, /health, /health/ready. */
  final int accountOpsPort;
  final Vertx gatewayNode;
  final Vertx accountNode;
  final Vertx transferNode;
  final Vertx auditNode;
  private String accountDeployment;
  private String auditDeployment;

  private BankCluster(DatabaseConfig database, int httpPort, int accountOpsPort, Vertx gatewayNode, Vertx accountNode,
      Vertx transferNode, Vertx auditNode, String accountDeployment, String auditDeployment) {
    this.database = database;
    this.httpPort = httpPort;
    this.accountOpsPort = accountOpsPort;
    this.gatewayNode = gatewayNode;
    this.accountNode = accountNode;
    this.transferNode = transferNode;
    this.auditNode = auditNode;
    this.accountDeployment = accountDeployment;
    this.auditDeployment = auditDeployment;
  }

  static synchronized BankCluster shared() throws Exception {
    if (startFailure != null) {
      // Never start a second cluster beside the remains of a failed one: its nodes would share
      // the cluster name and answer from another database.
      throw new IllegalStateException("the test cluster failed to start", startFailure);
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (Exception e) {
        startFailure = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "bank-cluster-stop"));
    }
    return shared;
  }

  /**
   * The shared cluster once it is as it was started: readiness 200, one instance of each service,
   * every breaker closed. Each test class starts from there, whatever the class before it did (a
   * class that leaves a node behind, or a service stopped, fails the next one here, by name).
   * Blocking: for the test thread.
   */
  static BankCluster atBaseline() throws Exception {
    BankCluster bank = shared();
    WebClient client = WebClient.create(bank.gatewayNode);
    try {
      Blocking.await(Eventually.poll(bank.gatewayNode, BASELINE_WITHIN, () -> client.get(bank.httpPort, "127.0.0.1", "/health/ready").send(),
          BankCluster::isBaseline));
    } finally {
      client.close();
    }
    return bank;
  }

  private static boolean isBaseline(HttpResponse<Buffer> ready) {
    return ready.statusCode() == 200 && SERVICES.stream().allMatch(service -> Api.upInstances(ready, service) == 1
        && "CLOSED".equals(Api.check(ready, service).getJsonObject("data").getString("breaker")));
  }

  private static BankCluster start() throws Exception {
    DatabaseConfig database = DatabaseConfig.of(PostgresServer.forTests().newDatabase());
    Databases.migrate(database, AccountVerticle.SCHEMA);
    Databases.migrate(database, TransferVerticle.SCHEMA);
    Databases.migrate(database, AuditVerticle.SCHEMA);
    // One node at a time, so that each joins the cluster the first one formed.
    Vertx auditNode = node("audit");
    String auditDeployment = await(auditNode.deployVerticle(new AuditVerticle(database)));
    Vertx accountNode = node("account");
    int accountOpsPort = freePort();
    String accountDeployment = await(accountNode.deployVerticle(accountVerticle(database, accountOpsPort)));
    Vertx transferNode = node("transfer");
    await(transferNode.deployVerticle(new TransferVerticle(database)));
    Vertx gatewayNode = node("gateway");
    // Port 0: the system picks a free one, so no other node can take it first.
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 5_000,
        new AuthConfig(true, "HS256", Tokens.TEST_SECRET, null, null)));
    await(gatewayNode.deployVerticle(gateway));
    int port = gateway.actualPort();
    return new BankCluster(database, port, accountOpsPort, gatewayNode, accountNode, transferNode, auditNode,
        accountDeployment, auditDeployment);
  }

  /** The account service with its operations port, checking the books every 2 s. */
  private static AccountVerticle accountVerticle(DatabaseConfig database, int opsPort) {
    return new AccountVerticle(database, new OpsConfig("127.0.0.1", opsPort), RECONCILE_EVERY);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Takes the account service away, as if its node had stopped. */
  Future<Void> stopAccountService() {
    return accountNode.undeploy(accountDeployment);
  }

  Future<Void> startAccountService() {
    return accountNode.deployVerticle(accountVerticle(database, accountOpsPort))
        .onSuccess(id -> accountDeployment = id)
        .mapEmpty();
  }

  /** Takes the audit service away, as if its node had stopped. */
  Future<Void> stopAuditService() {
    return auditNode.undeploy(auditDeployment);
  }

  Future<Void> startAuditService() {
    return auditNode.deployVerticle(new AuditVerticle(database))
        .onSuccess(id -> auditDeployment = id)
        .mapEmpty();
  }

  private void stop() {
    for (Vertx node : new Vertx[] {gatewayNode, transferNode, accountNode, auditNode}) {
      try {
        node.close().await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        // The JVM is exiting: nothing more to do for a node that would not close.
      }
    }
  }

  /** Another clustered node of this cluster, for tests that add or remove nodes. Blocking. */
  static Vertx newNode() throws Exception {
    return node("account");
  }

  private static Vertx node(String certificate) throws Exception {
    return await(ClusteredVertx.start(NodeConfig.loopback(CLUSTER_NAME).withTls(CERTIFICATES.clusterTls(certificate))));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(60, TimeUnit.SECONDS);
  }

}
