package bank.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import bank.common.ErrorCode;
import bank.common.OpsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.types.EventBusService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway against stand-ins of the account service that misbehave on purpose: one that never
 * answers, one that answers "not found". What matters here is the gateway's breaker and mapping.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway's circuit breaker and failure mapping")
class CircuitBreakerTest {

  private static final long TIMEOUT_MS = 300;
  private static final long SLOW_MS = 100;
  private static final long LISTED_WITHIN_NS = 5_000_000_000L;
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    vertx.eventBus().<JsonObject>consumer("silent.account", message -> {
      // Never answers: a service that hangs.
    });
    vertx.eventBus().<JsonObject>consumer("missing.account", message ->
        message.fail(ErrorCode.NOT_FOUND.code(), "no account " + message.body().getString("id")));
    vertx.eventBus().<JsonObject>consumer("slow.account", message ->
        vertx.setTimer(SLOW_MS, answered -> message.reply(new JsonObject().put("id", message.body().getString("id")))));
    vertx.eventBus().<JsonObject>consumer("busy.account", message ->
        message.fail(ErrorCode.BUSY.code(), "the database is busy: 256 requests are waiting for it"));
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, TIMEOUT_MS, AuthConfig.OFF));
    vertx.deployVerticle(gateway)
        .onSuccess(deployed -> client = WebClient.create(vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort())))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a service with no instance answers 503 with Retry-After at once")
  void noInstance(VertxTestContext context) {
    client.get("/accounts/acc_1").send().onComplete(context.succeeding(response -> context.verify(() -> {
      assertProblem(response, 503, "/problems/unavailable");
      assertThat(response.getHeader("Retry-After")).isNotBlank();
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("a service that does not answer costs a 504, and after five of them the breaker opens: 503 at once")
  void slowServiceOpensTheBreaker(Vertx vertx, VertxTestContext context) {
    publish(vertx, "silent.account")
        .compose(published -> get("/accounts/acc_1"))
        .compose(first -> {
          context.verify(() -> assertProblem(first, 504, "/problems/timeout"));
          return get("/accounts/acc_1").compose(r -> get("/accounts/acc_1")).compose(r -> get("/accounts/acc_1"))
              .compose(r -> get("/accounts/acc_1")).compose(r -> get("/accounts/acc_1"));
        })
        .compose(afterOpen -> get("/health/ready").map(ready -> {
          context.verify(() -> {
            assertProblem(afterOpen, 503, "/problems/unavailable");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(accountCheck(ready).getString("breaker")).isEqualTo("OPEN");
          });
          return ready;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("a business failure maps to its status and never opens the breaker")
  void businessFailures(Vertx vertx, VertxTestContext context) {
    Future<HttpResponse<Buffer>> last = publish(vertx, "missing.account").map(published -> null);
    for (int i = 0; i < 8; i++) {
      last = last.compose(previous -> get("/accounts/acc_404"));
    }
    last.onComplete(context.succeeding(response -> context.verify(() -> {
      assertProblem(response, 404, "/problems/not-found");
      assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("no account acc_404");
      context.completeNow();
    })));
  }

  @Test
  @DisplayName("a busy service shedding load answers 503 with Retry-After, and its refusals never open the breaker")
  void sheddingIsNotAnOutage(Vertx vertx, VertxTestContext context) {
    Future<HttpResponse<Buffer>> last = publish(vertx, "busy.account").map(published -> null);
    for (int i = 0; i < 8; i++) {
      last = last.compose(previous -> get("/accounts/acc_1"));
    }
    last.compose(refused -> get("/health/ready").map(ready -> {
          context.verify(() -> {
            assertProblem(refused, 503, "/problems/busy");
            assertThat(refused.getHeader("Retry-After")).isNotBlank();
            assertThat(refused.bodyAsJsonObject().getString("detail")).startsWith("the database is busy");
            JsonObject accountCheck = ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(check -> "account-service".equals(check.getString("id"))).findFirst().orElseThrow();
            assertThat(accountCheck.getJsonObject("data").getString("breaker")).isEqualTo("CLOSED");
          });
          return ready;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("past HTTP_MAX_IN_FLIGHT requests in progress the next is refused at once with 503 busy and Retry-After, while health still answers")
  void shedsTheExcessAtTheDoor(Vertx vertx, VertxTestContext context) {
    GatewayVerticle small = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 5_000, 1_000, 2, 250, AuthConfig.OFF,
        List.of(), 1_000, OpsConfig.OFF, null));
    publish(vertx, "silent.account")
        .compose(published -> vertx.deployVerticle(small))
        .compose(deployed -> {
          WebClient door = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(small.actualPort()));
          // Two requests that the silent service holds until their deadline: the gateway's two places.
          door.get("/accounts/acc_1").send();
          door.get("/accounts/acc_2").send();
          return vertx.timer(300).compose(held -> door.get("/accounts/acc_3").send())
              .compose(refused -> door.get("/health").send().map(health -> {
                context.verify(() -> {
                  assertProblem(refused, 503, "/problems/busy");
                  assertThat(refused.getHeader("Retry-After")).isNotBlank();
                  assertThat(refused.bodyAsJsonObject().getString("detail")).startsWith("the gateway is busy");
                  assertThat(health.statusCode()).isEqualTo(200);
                });
                return health;
              }));
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("the door narrows while answers take longer than HTTP_TARGET_LATENCY_MS, never below 16 requests at once")
  void doorAdaptsToLatency(Vertx vertx, VertxTestContext context) {
    // Answers take 100 ms, five times the target: each one narrows the door by a tenth, from 64 down to 16.
    GatewayVerticle adaptive = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 5_000, 1_000, 64, 20,
        AuthConfig.OFF, List.of(), 1_000, OpsConfig.OFF, null));
    publish(vertx, "slow.account")
        .compose(published -> vertx.deployVerticle(adaptive))
        .compose(deployed -> {
          WebClient door = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
              .setDefaultPort(adaptive.actualPort()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
          Future<List<Integer>> wide = wave(door, 40);
          return wide.compose(first -> wave(door, 40).compose(second -> wave(door, Admission.MIN_LIMIT).map(floor -> {
            context.verify(() -> {
              assertThat(first).as("40 at once through a door of 64").containsOnly(200);
              assertThat(second).as("40 at once after 40 slow answers").containsOnly(200, 503);
              assertThat(second.stream().filter(status -> status == 200).count()).isEqualTo(Admission.MIN_LIMIT);
              assertThat(floor).as("as many at once as the floor").containsOnly(200);
            });
            return floor;
          })));
        })
        .onComplete(context.succeedingThenComplete());
  }

  /** Sends {@code count} requests at once; their statuses. */
  @Test
  @DisplayName("a full verification asked of an audit instance of an earlier release, which has none, is a 503 to retry, not a 500, and never opens its breaker")
  void fullVerificationOfAnEarlierRelease(Vertx vertx, VertxTestContext context) {
    publish(vertx, "audit-service", "old.audit")
        .compose(published -> client.post("/audit/verifications").send())
        .compose(first -> {
          context.verify(() -> {
            assertProblem(first, 503, "/problems/unavailable");
            assertThat(first.bodyAsJsonObject().getString("detail")).contains("earlier release");
          });
          Future<HttpResponse<Buffer>> more = Future.succeededFuture();
          for (int i = 0; i < 6; i++) {
            more = more.compose(previous -> client.post("/audit/verifications").send());
          }
          return more;
        })
        .compose(more -> get("/health/ready"))
        .onComplete(context.succeeding(ready -> context.verify(() -> {
          assertThat(check(ready, "audit-service").getString("breaker")).isEqualTo("CLOSED");
          context.completeNow();
        })));
  }

  private static Future<List<Integer>> wave(WebClient door, int count) {
    List<Future<Integer>> statuses = java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> door.get("/accounts/acc_" + i).send().map(HttpResponse::statusCode))
        .toList();
    return Future.all(statuses).map(all -> statuses.stream().map(Future::result).toList());
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return client.get(path).send();
  }

  /** Publishes an account-service record, and waits until the gateway's readiness counts it. */
  private Future<Void> publish(Vertx vertx, String address) {
    return publish(vertx, "account-service", address);
  }

  /** A record of {@code service} without a contract version: an instance of 0.1.0, called through version 1. */
  private Future<Void> publish(Vertx vertx, String service, String address) {
    ServiceDiscovery discovery = ServiceDiscovery.create(vertx);
    return discovery.publish(EventBusService.createRecord(service, address, "bank.eventbus.json"))
        .compose(record -> untilListed(vertx, service, System.nanoTime() + LISTED_WITHIN_NS))
        .eventually(() -> {
          discovery.close();
          return Future.succeededFuture();
        });
  }

  /** Asks the readiness every 50 ms until it counts one instance of {@code service}; fails after 5 s. */
  private Future<Void> untilListed(Vertx vertx, String service, long deadline) {
    return get("/health/ready").compose(ready -> {
      if (check(ready, service).getInteger("instances", 0) == 1) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new AssertionError("the gateway never listed " + service + ": " + ready.bodyAsString()));
      }
      return vertx.timer(50).compose(waited -> untilListed(vertx, service, deadline));
    });
  }

  /** The data of the account service's check in a readiness answer. */
  private static JsonObject accountCheck(HttpResponse<Buffer> ready) {
    return check(ready, "account-service");
  }

  private static JsonObject check(HttpResponse<Buffer> ready, String service) {
    return ready.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(check -> service.equals(check.getString("id")))
        .findFirst()
        .map(check -> check.getJsonObject("data", new JsonObject()))
        .orElseThrow(() -> new AssertionError("no " + service + " check in " + ready.bodyAsString()));
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo(type);
  }
}
