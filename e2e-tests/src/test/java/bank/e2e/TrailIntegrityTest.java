package bank.e2e;

import static bank.testing.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import bank.postgres.PostgresServer;
import bank.testing.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trail and the books can be checked, and a row changed behind the bank's back is found. Each
 * test puts the row back, since the cluster is shared with the other test classes. Blocking steps
 * (JDBC, waiting for answers) run on the test thread, never on an event loop.
 */
@DisplayName("Tampering with the audit trail or the books in PostgreSQL is found and reported")
class TrailIntegrityTest {

  private static final Logger LOG = LoggerFactory.getLogger(TrailIntegrityTest.class);
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final Vertx vertx = Vertx.vertx();
  private BankCluster bank;
  private Api admin;

  @BeforeEach
  void connect() throws Exception {
    bank = BankCluster.atBaseline();
    admin = new Api(vertx, bank.httpPort);
  }

  @AfterEach
  void close() {
    admin.close();
    vertx.close();
  }

  @Test
  @DisplayName("GET /audit/verify: intact; a deposit's amount changed in PostgreSQL is the first break of a full verification, at its seq; intact once restored")
  void tamperedAuditRow() throws Exception {
    String account = await(admin.openAccount("EUR"));
    await(admin.deposit(account, 700));
    JsonObject deposit = await(Eventually.poll(vertx, WITHIN,
        () -> admin.get("/audit?accountId=" + account).map(page -> page.bodyAsJsonObject().getJsonArray("items")),
        events -> events.size() == 2)).getJsonObject(1);
    assertThat(verify().getBoolean("intact")).isTrue();

    long seq = deposit.getLong("seq");
    execute("UPDATE audit.events SET data = jsonb_set(data, '{amount}', '7000000') WHERE seq = ?", seq);
    try {
      // Verified up to it a moment ago: only a full verification hashes it again.
      JsonObject broken = verifyAll();
      LOG.info("a tampered row in GET /audit/verify: {}", broken.encode());
      assertThat(broken.getBoolean("intact")).isFalse();
      assertThat(broken.getJsonObject("firstBreak").getLong("seq")).isEqualTo(seq);
      assertThat(broken.getJsonObject("firstBreak").getString("id")).isEqualTo(deposit.getString("id"));
      assertThat(broken.getJsonObject("firstBreak").getString("reason")).isEqualTo("the event's content does not match its hash");
    } finally {
      execute("UPDATE audit.events SET data = jsonb_set(data, '{amount}', '700') WHERE seq = ?", seq);
    }
    assertThat(verifyAll().getBoolean("intact")).isTrue();
    assertThat(verify().getBoolean("intact")).isTrue();
  }

  @Test
  @DisplayName("GET /reconciliation: balanced; a balance raised in PostgreSQL is listed, and shows in the account node's readiness and metrics")
  void tamperedBalance() throws Exception {
    String account = await(admin.openAccount("SEK"));
    await(admin.deposit(account, 900));
    assertThat(reconciliation().getBoolean("balanced")).isTrue();

    execute("UPDATE account.accounts SET balance = balance + 5 WHERE id = ?", account);
    try {
      JsonObject report = reconciliation();
      assertThat(report.getBoolean("balanced")).isFalse();
      JsonObject difference = report.getJsonArray("accountDifferences").getJsonObject(0);
      assertThat(difference.getString("accountId")).isEqualTo(account);
      assertThat(difference.getLong("difference")).isEqualTo(5);
      WebClient ops = WebClient.create(vertx);
      HttpResponse<Buffer> unready = await(Eventually.poll(vertx, WITHIN,
          () -> ops.get(bank.accountOpsPort, "127.0.0.1", "/health/ready").send(), ready -> ready.statusCode() == 503));
      assertThat(unready.bodyAsString()).contains("reconciliation");
      JsonObject gatewayReadiness = await(admin.get("/health/ready")).bodyAsJsonObject();
      assertThat(gatewayReadiness.getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(check -> check.getString("id").equals("account-service")).findFirst().orElseThrow()
          .getJsonObject("data").getString("reconciliation")).isEqualTo("DIFFERENCES");
      String metrics = await(ops.get(bank.accountOpsPort, "127.0.0.1", "/metrics").send()).bodyAsString();
      assertThat(metrics).contains("bank_reconciliation_differences 2.0");
    } finally {
      execute("UPDATE account.accounts SET balance = balance - 5 WHERE id = ?", account);
    }
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  @Test
  @DisplayName("GET /reconciliation/full: an entry changed before the checkpoint, which /reconciliation trusts, is found, and /reconciliation lists it from then on")
  void tamperedEntryBeforeTheCheckpoint() throws Exception {
    String account = await(admin.openAccount("NOK"));
    await(admin.deposit(account, 400));
    assertThat(reconciliation().getBoolean("balanced")).isTrue();

    execute("UPDATE account.ledger_entries SET amount = amount + 3 WHERE account_id = ?", account);
    try {
      assertThat(reconciliation().getBoolean("balanced")).as("the checkpoint is trusted").isTrue();
      JsonObject full = reconciliation("/reconciliation/full");
      assertThat(full.getBoolean("full")).isTrue();
      assertThat(full.getBoolean("balanced")).isFalse();
      assertThat(full.getJsonArray("accountDifferences").getJsonObject(0).getString("accountId")).isEqualTo(account);
      JsonObject after = reconciliation();
      assertThat(after.getBoolean("full")).isFalse();
      assertThat(after.getJsonArray("accountDifferences").getJsonObject(0).getLong("difference")).isEqualTo(-3);
    } finally {
      execute("UPDATE account.ledger_entries SET amount = amount - 3 WHERE account_id = ?", account);
    }
    assertThat(reconciliation().getBoolean("balanced")).isTrue();
  }

  @Test
  @DisplayName("a customer may neither verify the trail nor reconcile the books: 403")
  void staffOnly() {
    Api customer = new Api(vertx, bank.httpPort, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("ann", "customer")));
    assertThat(await(customer.get("/audit/verify")).statusCode()).isEqualTo(403);
    assertThat(await(customer.request(HttpMethod.POST, "/audit/verifications").send()).statusCode()).isEqualTo(403);
    assertThat(await(customer.get("/reconciliation")).statusCode()).isEqualTo(403);
    assertThat(await(customer.get("/reconciliation/full")).statusCode()).isEqualTo(403);
  }

  private JsonObject verify() {
    return verification("/audit/verify");
  }

  /** A full verification, started and followed to its verdict. */
  private JsonObject verifyAll() {
    HttpResponse<Buffer> started = await(admin.request(HttpMethod.POST, "/audit/verifications").send());
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.bodyAsJsonObject().getString("status")).isIn("RUNNING", "DONE");
    String location = started.getHeader("Location");
    assertThat(location).isEqualTo("/audit/verifications/" + started.bodyAsJsonObject().getString("id"));
    JsonObject done = await(Eventually.poll(vertx, WITHIN, () -> admin.get(location).map(HttpResponse::bodyAsJsonObject),
        run -> "DONE".equals(run.getString("status"))));
    return done.getJsonObject("verdict");
  }

  private JsonObject verification(String uri) {
    HttpResponse<Buffer> answer = await(admin.get(uri));
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private JsonObject reconciliation() {
    return reconciliation("/reconciliation");
  }

  private JsonObject reconciliation(String uri) {
    HttpResponse<Buffer> answer = await(admin.get(uri));
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.bodyAsJsonObject();
  }

  private void execute(String sql, Object parameter) throws SQLException {
    try (Connection connection = PostgresServer.connect(bank.database.url());
         PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, parameter);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }
}
