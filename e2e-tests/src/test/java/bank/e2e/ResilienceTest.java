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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("The gateway when a service is away, and its own routes")
class ResilienceTest {

  /** Discovery refreshes on announcements and every 5 s; a breaker half-opens after 5 s. */
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private BankCluster cluster;
  private Api api;
  private boolean accountServiceStopped;

  /** A response and how long it took, so that a report says how quickly the gateway answered. */
  record Timed(HttpResponse<Buffer> response, long millis) {
  }

  @BeforeEach
  void connect(Vertx vertx) throws Exception {
    cluster = BankCluster.atBaseline();
    api = new Api(vertx, cluster.httpPort);
  }

  /** The other test classes share the cluster: the account service comes back whatever happened. */
  @AfterEach
  void restartAccountService(Vertx vertx, VertxTestContext context) {
    if (!accountServiceStopped) {
      context.completeNow();
      return;
    }
    cluster.startAccountService()
        .onSuccess(started -> accountServiceStopped = false)
        .compose(started -> ready(vertx))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  @DisplayName("without the account service its routes answer 503 at once, readiness says so, and all recovers when it returns")
  void accountServiceAway(Vertx vertx, VertxTestContext context) {
    JsonObject newAccount = new JsonObject().put("owner", "ann").put("currency", "EUR");
    api.openAccount("EUR")
        .compose(id -> {
          accountServiceStopped = true;
          return cluster.stopAccountService().map(id);
        })
        .compose(id -> timed(api.get("/accounts/" + id)).compose(get -> timed(api.post("/accounts", newAccount))
            .map(post -> {
              context.verify(() -> {
                assertUnavailable(get);
                assertUnavailable(post);
              });
              return id;
            })))
        .compose(id -> Eventually.poll(vertx, WITHIN, () -> api.get("/health/ready").map(ResilienceTest::describe),
                readiness -> readiness.getInteger("statusCode") == 503)
            .map(readiness -> {
              context.verify(() -> assertThat(check(readiness, "account-service").getString("status"))
                  .as(readiness.encode()).isEqualTo("DOWN"));
              return id;
            }))
        .compose(id -> cluster.startAccountService()
            .onSuccess(started -> accountServiceStopped = false)
            .compose(started -> ready(vertx))
            .compose(readiness -> Eventually.poll(vertx, WITHIN, () -> api.get("/accounts/" + id),
                account -> account.statusCode() == 200))
            .compose(account -> api.post("/accounts", newAccount)))
        .onComplete(context.succeeding(opened -> context.verify(() -> {
          assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("the gateway says it is alive")
  void live(VertxTestContext context) {
    api.get("/health").onComplete(context.succeeding(response -> context.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("the gateway serves its OpenAPI 3.1 document")
  void openApiDocument(VertxTestContext context) {
    api.get("/openapi.yaml").onComplete(context.succeeding(response -> context.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsString()).contains("openapi: 3.1.0");
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("an unknown route is a 404 problem")
  void unknownRoute(VertxTestContext context) {
    api.get("/no/such/route").onComplete(context.succeeding(response -> context.verify(() -> {
      assertProblem(response, 404, "not-found");
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("a method a route does not take is a 405 problem")
  void unknownMethod(VertxTestContext context) {
    api.send(HttpMethod.DELETE, "/accounts", null, null).onComplete(context.succeeding(response -> context.verify(() -> {
      assertProblem(response, 405, "method-not-allowed");
      context.completeNow();
    })));
  }

  /** Readiness is 200 again: every service has an instance and a closed breaker. */
  private Future<JsonObject> ready(Vertx vertx) {
    return Eventually.poll(vertx, WITHIN, () -> api.get("/health/ready").map(ResilienceTest::describe),
        readiness -> readiness.getInteger("statusCode") == 200);
  }

  private static Future<Timed> timed(Future<HttpResponse<Buffer>> request) {
    long start = System.nanoTime();
    return request.map(response -> new Timed(response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
  }

  private static void assertUnavailable(Timed answer) {
    HttpResponse<Buffer> response = answer.response();
    assertThat(response.statusCode()).as("answered in %d ms: %s", answer.millis(), response.bodyAsString()).isEqualTo(503);
    assertProblem(response, 503, "unavailable");
    assertThat(response.getHeader("Retry-After")).as("Retry-After").isNotBlank();
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("/problems/" + type);
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
  }

  /** A readiness answer as one JSON object: its status code and its body. */
  private static JsonObject describe(HttpResponse<Buffer> response) {
    JsonObject body = response.bodyAsString() == null ? new JsonObject() : new JsonObject(response.bodyAsString());
    return body.put("statusCode", response.statusCode());
  }

  private static JsonObject check(JsonObject readiness, String id) {
    JsonArray checks = readiness.getJsonArray("checks", new JsonArray());
    return checks.stream().map(JsonObject.class::cast).filter(check -> id.equals(check.getString("id")))
        .findFirst().orElse(new JsonObject().put("status", "missing from " + readiness.encode()));
  }
}
