package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import bank.common.NodeMetrics;
import bank.common.RequestContext;
import bank.testing.Tokens;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
@DisplayName("Operators see what the cluster does: metrics, readiness and request ids in every service's log")
class ObservabilityTest {

  private BankCluster bank;
  private Api admin;

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    bank = BankCluster.atBaseline();
    admin = new Api(vertx, bank.httpPort);
  }

  @AfterEach
  void close() {
    admin.close();
  }

  @Test
  @DisplayName("GET /metrics is Prometheus text for auditors and admins, with breaker states; 403 for a customer, 401 without a token")
  void gatewayMetrics(Vertx vertx, VertxTestContext test) {
    Api auditor = new Api(vertx, bank.httpPort, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("ida", "auditor")));
    Api customer = new Api(vertx, bank.httpPort, Tokens.hs256(Tokens.TEST_SECRET, Tokens.claims("ann", "customer")));
    WebClient anonymous = WebClient.create(vertx);
    Future.all(auditor.get("/metrics"), customer.get("/metrics"), anonymous.get(bank.httpPort, "127.0.0.1", "/metrics").send())
        .onComplete(test.succeeding(answers -> test.verify(() -> {
          var scraped = answers.<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>resultAt(0);
          assertThat(scraped.statusCode()).isEqualTo(200);
          assertThat(scraped.getHeader("Content-Type")).startsWith("text/plain");
          assertThat(scraped.bodyAsString())
              .contains("vertx_http_server_requests_total")
              .contains("bank_circuit_breaker_state{service=\"account-service\"} 0.0")
              .contains("jvm_memory_used_bytes");
          assertThat(answers.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(1).statusCode()).isEqualTo(403);
          assertThat(answers.<io.vertx.ext.web.client.HttpResponse<?>>resultAt(2).statusCode()).isEqualTo(401);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer is counted once by the transfer node, with the amount it moved; its replay is counted by the gateway")
  void moneyMetrics(Vertx vertx, VertxTestContext test) {
    double completedBefore = meter(bank.transferNode, "bank_transfers_total{reason=\"none\",status=\"COMPLETED\"}");
    double movedBefore = meter(bank.transferNode, "bank_amount_moved_total{currency=\"CHF\",kind=\"transfer\"}");
    double replaysBefore = meter(bank.gatewayNode, "bank_idempotent_replays_total{operation=\"transfer\"}");
    String key = UUID.randomUUID().toString();
    Future.all(admin.openAccount("CHF"), admin.openAccount("CHF"))
        .compose(both -> admin.deposit(both.resultAt(0), 500).map(both))
        .compose(both -> {
          JsonObject transfer = new JsonObject().put("from", both.resultAt(0)).put("to", both.resultAt(1)).put("amount", 120);
          return admin.post("/transfers", transfer, key).compose(first -> admin.post("/transfers", transfer, key));
        })
        .onComplete(test.succeeding(replay -> test.verify(() -> {
          assertThat(replay.getHeader("Idempotency-Replayed")).isEqualTo("true");
          assertThat(meter(bank.transferNode, "bank_transfers_total{reason=\"none\",status=\"COMPLETED\"}"))
              .isEqualTo(completedBefore + 1);
          assertThat(meter(bank.transferNode, "bank_amount_moved_total{currency=\"CHF\",kind=\"transfer\"}"))
              .isEqualTo(movedBefore + 120);
          assertThat(meter(bank.gatewayNode, "bank_idempotent_replays_total{operation=\"transfer\"}"))
              .isEqualTo(replaysBefore + 1);
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("a service node's operations port answers readiness (database, cluster, books) and its metrics, outbox lag included")
  void serviceNodePort(Vertx vertx, VertxTestContext test) {
    WebClient ops = WebClient.create(vertx);
    Eventually.poll(vertx, Duration.ofSeconds(20),
            () -> ops.get(bank.accountOpsPort, "127.0.0.1", "/metrics").send().map(response -> response.bodyAsString()),
            body -> body.contains("bank_outbox_waiting_events{schema=\"account\"}")
                && body.contains("bank_reconciliation_differences"))
        .compose(metrics -> ops.get(bank.accountOpsPort, "127.0.0.1", "/health/ready").send())
        .onComplete(test.succeeding(ready -> test.verify(() -> {
          assertThat(ready.statusCode()).isEqualTo(200);
          assertThat(ready.bodyAsJsonObject().getJsonArray("checks").stream().map(check -> ((JsonObject) check).getString("id")))
              .containsExactlyInAnyOrder("database", "cluster", "reconciliation");
          test.completeNow();
        })));
  }

  @Test
  @DisplayName("every line the transfer and account services log about a request carries its X-Request-Id, batched writes included")
  void requestIdInEveryService(Vertx vertx, VertxTestContext test) {
    LinesWithRequestIds lines = LinesWithRequestIds.capture("bank.contracts.CallGuard");
    String requestId = "obs-" + UUID.randomUUID();
    Future.all(admin.openAccount("EUR"), admin.openAccount("EUR"))
        .compose(both -> admin.deposit(both.resultAt(0), 100).map(both))
        .compose(both -> admin.request(io.vertx.core.http.HttpMethod.POST, "/transfers")
            .putHeader("X-Request-Id", requestId)
            .sendJsonObject(new JsonObject().put("from", both.resultAt(0)).put("to", both.resultAt(1)).put("amount", 40)))
        .onComplete(test.succeeding(created -> test.verify(() -> {
          lines.stop();
          assertThat(created.statusCode()).isEqualTo(201);
          List<String> aboutIt = lines.withRequestId(requestId);
          assertThat(aboutIt).contains("transfer-service create answered", "account-service applyTransfers answered");
          test.completeNow();
        })));
  }

  /** The value of one sample of a node's registry, 0 while it does not exist. */
  private static double meter(Vertx node, String sample) {
    return NodeMetrics.prometheus(node).scrape().lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1)))
        .findFirst().orElse(0);
  }

  /** Records each line of one logger with the request id the logging code was working for, as %requestId does. */
  private static final class LinesWithRequestIds extends AppenderBase<ILoggingEvent> {

    private final List<String[]> lines = new CopyOnWriteArrayList<>();
    private Logger logger;
    private Level level;

    static LinesWithRequestIds capture(String loggerName) {
      LinesWithRequestIds appender = new LinesWithRequestIds();
      appender.logger = (Logger) LoggerFactory.getLogger(loggerName);
      appender.level = appender.logger.getLevel();
      appender.setContext(appender.logger.getLoggerContext());
      appender.start();
      appender.logger.addAppender(appender);
      appender.logger.setLevel(Level.DEBUG);
      return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(new String[] {RequestContext.requestId(), event.getFormattedMessage()});
    }

    List<String> withRequestId(String requestId) {
      return lines.stream().filter(line -> requestId.equals(line[0])).map(line -> line[1]).toList();
    }

    @Override
    public void stop() {
      logger.detachAppender(this);
      logger.setLevel(level);
      super.stop();
    }
  }
}
