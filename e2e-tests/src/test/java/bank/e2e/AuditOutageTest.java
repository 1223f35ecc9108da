package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit trail when the audit service is down")
class AuditOutageTest {

  /** As long as the issue asks for: an outage long enough for every retry and timeout path to run many times. */
  private static final Duration OUTAGE = Duration.ofSeconds(60);
  private static final long PAUSE_MS = 200;
  private boolean auditStopped;

  @Test
  @Timeout(value = 150, timeUnit = TimeUnit.SECONDS)
  @DisplayName("money moves for a minute while the audit service is down, and every event arrives exactly once after it returns")
  void catchesUp(Vertx vertx, VertxTestContext context) throws Exception {
    BankCluster bank = BankCluster.atBaseline();
    Api api = new Api(vertx, bank.httpPort);
    List<String> transfers = new ArrayList<>();
    Future.all(api.openAccount("EUR"), api.openAccount("EUR"))
        .compose(opened -> {
          String from = opened.resultAt(0);
          String to = opened.resultAt(1);
          return api.deposit(from, 1_000_000)
              .compose(funded -> bank.stopAuditService().onSuccess(stopped -> auditStopped = true))
              .compose(stopped -> transferUntil(vertx, api, from, to, transfers, System.nanoTime() + OUTAGE.toNanos()))
              .compose(moved -> bank.startAuditService().onSuccess(started -> auditStopped = false))
              .compose(started -> Eventually.poll(vertx, Duration.ofSeconds(30),
                  () -> api.get("/audit?limit=1000&accountId=" + to),
                  trail -> ofType(trail, "TransferCompleted").size() >= transfers.size()));
        })
        .onComplete(context.succeeding(trail -> context.verify(() -> {
          List<String> audited = ofType(trail, "TransferCompleted");
          assertThat(audited).containsExactlyInAnyOrderElementsOf(transfers);
          assertThat(ofType(trail, "AccountOpened")).hasSize(1);
          context.completeNow();
        })));
  }

  @AfterEach
  void restartAudit() throws Exception {
    if (auditStopped) {
      BankCluster.shared().startAuditService().await();
    }
  }

  /** One transfer after another until the deadline; each must complete although nobody is recording the trail. */
  private static Future<Void> transferUntil(Vertx vertx, Api api, String from, String to, List<String> ids, long deadline) {
    if (System.nanoTime() > deadline) {
      return Future.succeededFuture();
    }
    return api.post("/transfers", new JsonObject().put("from", from).put("to", to).put("amount", 1))
        .map(response -> {
          assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
          ids.add(response.bodyAsJsonObject().getString("id"));
          return null;
        })
        .compose(done -> vertx.timer(PAUSE_MS))
        .compose(paused -> transferUntil(vertx, api, from, to, ids, deadline));
  }

  private static List<String> ofType(HttpResponse<Buffer> trail, String type) {
    JsonArray items = trail.bodyAsJsonObject().getJsonArray("items");
    return IntStream.range(0, items.size()).mapToObj(items::getJsonObject)
        .filter(event -> event.getString("type").equals(type))
        .map(event -> event.getString("entityId"))
        .toList();
  }
}
