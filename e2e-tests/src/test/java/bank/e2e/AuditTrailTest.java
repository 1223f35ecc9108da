package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The audit trail records every change once, as the API returned it")
class AuditTrailTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);

  private Api api;
  private final String run = UUID.randomUUID().toString();
  /** What was done to account A, by the X-Request-Id sent: the event type, the entity and the data the API returned. */
  private final Map<String, Expected> expected = new LinkedHashMap<>();
  private String a;
  private String b;

  record Expected(String type, String entityId, List<String> accountIds, JsonObject data) {
  }

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    api = new Api(vertx, BankCluster.atBaseline().httpPort);
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("an opening, a deposit, a withdrawal, a completed and a rejected transfer each appear once, with their request id")
  void recordsEachChangeOnce(Vertx vertx, VertxTestContext context) {
    makeChanges()
        .compose(done -> Eventually.poll(vertx, WITHIN, () -> trail("/audit?accountId=" + a),
            events -> events.size() >= expected.size()))
        .onComplete(context.succeeding(events -> context.verify(() -> {
          assertThat(events).extracting(event -> event.getString("type"))
              .containsExactlyInAnyOrder("AccountOpened", "DepositMade", "WithdrawalMade", "TransferCompleted",
                  "TransferRejected");
          long previousSeq = Long.MIN_VALUE;
          for (JsonObject event : events) {
            Expected wanted = expected.get(event.getString("requestId"));
            assertThat(wanted).as("the change of request %s", event.getString("requestId")).isNotNull();
            assertThat(event.getString("type")).isEqualTo(wanted.type());
            assertThat(event.getString("entityId")).isEqualTo(wanted.entityId());
            assertThat(event.getJsonArray("accountIds").getList()).isEqualTo(wanted.accountIds());
            assertThat(event.getJsonObject("data")).as(event.encode()).isEqualTo(wanted.data());
            assertThat(event.getString("id")).isNotBlank();
            assertThat(event.getString("at")).isNotBlank();
            assertThat(event.getLong("seq")).isGreaterThan(previousSeq);
            previousSeq = event.getLong("seq");
          }
          context.completeNow();
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("paging the trail two events at a time walks the same events in the same order")
  void pagesWalkTheSameEvents(Vertx vertx, VertxTestContext context) {
    makeChanges()
        .compose(done -> Eventually.poll(vertx, WITHIN, () -> trail("/audit?accountId=" + a),
            events -> events.size() >= expected.size()))
        .compose(all -> walk("/audit?limit=2&accountId=" + a, null, new ArrayList<>()).map(pages -> {
          context.verify(() -> {
            assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeBetween(1, 2));
            assertThat(pages.stream().flatMap(List::stream).toList()).isEqualTo(all);
          });
          return pages;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  /** Opens A and B, then on A: a deposit, a withdrawal, a completed and a rejected transfer, each its own request id. */
  private Future<Void> makeChanges() {
    return send("open-a", HttpMethod.POST, "/accounts", new JsonObject().put("owner", "ann").put("currency", "EUR"))
        .compose(opened -> {
          a = opened.bodyAsJsonObject().getString("id");
          expect("open-a", "AccountOpened", opened.bodyAsJsonObject(), a);
          return api.openAccount("EUR");
        })
        .compose(opened -> {
          b = opened;
          return send("deposit", HttpMethod.POST, "/accounts/" + a + "/deposits", new JsonObject().put("amount", 10_000));
        })
        .compose(deposit -> {
          expect("deposit", "DepositMade", deposit.bodyAsJsonObject(), a);
          return send("withdrawal", HttpMethod.POST, "/accounts/" + a + "/withdrawals", new JsonObject().put("amount", 1_000));
        })
        .compose(withdrawal -> {
          expect("withdrawal", "WithdrawalMade", withdrawal.bodyAsJsonObject(), a);
          return send("completed", HttpMethod.POST, "/transfers", transfer(2_500));
        })
        .compose(completed -> {
          expect("completed", "TransferCompleted", completed.bodyAsJsonObject(), a, b);
          return send("rejected", HttpMethod.POST, "/transfers", transfer(1_000_000));
        })
        .compose(rejected -> api.get("/transfers/" + rejected.bodyAsJsonObject().getString("transferId")))
        .map(rejected -> {
          expect("rejected", "TransferRejected", rejected.bodyAsJsonObject(), a, b);
          return null;
        });
  }

  private Future<HttpResponse<Buffer>> send(String step, HttpMethod method, String path, JsonObject body) {
    return api.request(method, path).putHeader("X-Request-Id", requestId(step)).sendJsonObject(body)
        .compose(response -> response.statusCode() == 201 || response.statusCode() == 422
            ? Future.succeededFuture(response)
            : Future.failedFuture(new AssertionError(step + " answered " + response.statusCode() + ": "
                + response.bodyAsString())));
  }

  private void expect(String step, String type, JsonObject data, String... accountIds) {
    expected.put(requestId(step), new Expected(type, data.getString("id"), List.of(accountIds), data));
  }

  private String requestId(String step) {
    return "audit-" + run + "-" + step;
  }

  private JsonObject transfer(long amount) {
    return new JsonObject().put("from", a).put("to", b).put("amount", amount).put("reference", "audit " + run);
  }

  /** One page of the trail's events. */
  private Future<List<JsonObject>> trail(String path) {
    return page(path).map(page -> items(page.getJsonArray("items")));
  }

  private Future<JsonObject> page(String path) {
    return api.get(path).compose(response -> response.statusCode() == 200
        ? Future.succeededFuture(response.bodyAsJsonObject())
        : Future.failedFuture(new AssertionError(path + " answered " + response.statusCode() + ": "
            + response.bodyAsString())));
  }

  /** Follows the next cursors from the first page to the last, collecting the pages. */
  private Future<List<List<JsonObject>>> walk(String first, String cursor, List<List<JsonObject>> pages) {
    return page(cursor == null ? first : first + "&after=" + cursor).compose(page -> {
      pages.add(items(page.getJsonArray("items")));
      String next = page.getString("next");
      return next == null ? Future.succeededFuture(pages) : walk(first, next, pages);
    });
  }

  private static List<JsonObject> items(JsonArray array) {
    List<JsonObject> items = new ArrayList<>();
    array.forEach(item -> items.add((JsonObject) item));
    return items;
  }
}
