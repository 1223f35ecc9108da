package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Requests with an Idempotency-Key are executed at most once")
class IdempotencyTest {

  private static final long FUNDS = 10_000;
  private static final int CONCURRENT = 10;

  private Api api;
  private String from;
  private String to;
  private final String key = "key-" + UUID.randomUUID();

  @BeforeEach
  void openAccounts(Vertx vertx, VertxTestContext context) throws Exception {
    api = new Api(vertx, BankCluster.atBaseline().httpPort);
    Future.all(api.openAccount("EUR").compose(id -> api.deposit(id, FUNDS).map(id)), api.openAccount("EUR"))
        .onComplete(context.succeeding(opened -> {
          from = opened.resultAt(0);
          to = opened.resultAt(1);
          context.completeNow();
        }));
  }

  @Test
  @DisplayName("a transfer replayed with the same key gets the first answer again and moves the money once")
  void transferReplay(VertxTestContext context) {
    JsonObject transfer = transfer(2_500);
    api.post("/transfers", transfer, key)
        .compose(first -> api.post("/transfers", transfer, key).map(replay -> List.of(first, replay)))
        .compose(answers -> balances().map(balances -> {
          context.verify(() -> {
            HttpResponse<Buffer> first = answers.get(0);
            HttpResponse<Buffer> replay = answers.get(1);
            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
            assertThat(first.getHeader("Idempotency-Replayed")).isNull();
            assertThat(replay.statusCode()).isEqualTo(201);
            assertThat(replay.bodyAsString()).as("byte for byte").isEqualTo(first.bodyAsString());
            assertThat(replay.getHeader("Idempotency-Replayed")).isEqualTo("true");
            assertThat(replay.getHeader("Location")).isEqualTo(first.getHeader("Location"));
            assertThat(balances).containsExactly(FUNDS - 2_500, 2_500L);
          });
          return balances;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("the same key with another transfer is refused with 422 and moves nothing more")
  void transferKeyReused(VertxTestContext context) {
    api.post("/transfers", transfer(1_000), key)
        .compose(first -> api.post("/transfers", transfer(2_000), key))
        .compose(reused -> balances().map(balances -> {
          context.verify(() -> {
            assertProblem(reused, 422, "idempotency-key-reused");
            assertThat(balances).containsExactly(FUNDS - 1_000, 1_000L);
          });
          return balances;
        }))
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @DisplayName("ten concurrent transfers with one key move the money once; each answer is the transfer or a 409")
  void concurrentTransfers(VertxTestContext context) {
    JsonObject transfer = transfer(1_000);
    concurrently(() -> api.post("/transfers", transfer, key))
        .compose(answers -> api.post("/transfers", transfer, key).map(late -> {
          context.verify(() -> assertOnceOrInFlight(answers, late));
          return late;
        }))
        .compose(late -> balances())
        .onComplete(context.succeeding(balances -> context.verify(() -> {
          assertThat(balances).containsExactly(FUNDS - 1_000, 1_000L);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a deposit replayed with the same key is added once, and the key with another amount is refused with 422")
  void depositReplay(VertxTestContext context) {
    String path = "/accounts/" + to + "/deposits";
    api.post(path, new JsonObject().put("amount", 5_000), key)
        .compose(first -> api.post(path, new JsonObject().put("amount", 5_000), key).compose(replay ->
            api.post(path, new JsonObject().put("amount", 6_000), key).map(reused -> {
              context.verify(() -> {
                assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
                assertThat(first.bodyAsJsonObject().getLong("balance")).isEqualTo(5_000);
                assertThat(replay.statusCode()).isEqualTo(201);
                assertThat(replay.bodyAsString()).as("byte for byte").isEqualTo(first.bodyAsString());
                assertThat(replay.getHeader("Idempotency-Replayed")).isEqualTo("true");
                assertProblem(reused, 422, "idempotency-key-reused");
              });
              return reused;
            })))
        .compose(answers -> api.balance(to))
        .onComplete(context.succeeding(balance -> context.verify(() -> {
          assertThat(balance).isEqualTo(5_000);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("ten concurrent deposits with one key add the money once; each answer is the deposit or a 409")
  void concurrentDeposits(VertxTestContext context) {
    String path = "/accounts/" + to + "/deposits";
    JsonObject deposit = new JsonObject().put("amount", 700);
    concurrently(() -> api.post(path, deposit, key))
        .compose(answers -> api.post(path, deposit, key).map(late -> {
          context.verify(() -> assertOnceOrInFlight(answers, late));
          return late;
        }))
        .compose(late -> api.balance(to))
        .onComplete(context.succeeding(balance -> context.verify(() -> {
          assertThat(balance).isEqualTo(700);
          context.completeNow();
        })));
  }

  @Test
  @DisplayName("a transfer rejected for insufficient funds replays as the same 422 with the same transferId")
  void rejectedTransferReplay(VertxTestContext context) {
    JsonObject transfer = transfer(FUNDS + 1);
    api.post("/transfers", transfer, key)
        .compose(first -> api.post("/transfers", transfer, key).compose(replay -> balances().map(balances -> {
          context.verify(() -> {
            assertProblem(first, 422, "insufficient-funds");
            assertThat(first.bodyAsJsonObject().getString("transferId")).isNotBlank();
            assertProblem(replay, 422, "insufficient-funds");
            assertThat(replay.getHeader("Idempotency-Replayed")).isEqualTo("true");
            assertThat(replay.bodyAsString()).isEqualTo(first.bodyAsString());
            assertThat(balances).containsExactly(FUNDS, 0L);
          });
          return balances;
        })))
        .onComplete(context.succeedingThenComplete());
  }

  private JsonObject transfer(long amount) {
    return new JsonObject().put("from", from).put("to", to).put("amount", amount);
  }

  private Future<List<Long>> balances() {
    return Future.all(api.balance(from), api.balance(to)).map(both -> List.of(both.<Long>resultAt(0), both.resultAt(1)));
  }

  private static Future<List<HttpResponse<Buffer>>> concurrently(Supplier<Future<HttpResponse<Buffer>>> request) {
    return Future.all(IntStream.range(0, CONCURRENT).mapToObj(i -> request.get()).toList()).map(all -> all.list());
  }

  /** Every answer is the one created movement (the same body each time) or a 409 to retry later; a late retry gets it. */
  private static void assertOnceOrInFlight(List<HttpResponse<Buffer>> answers, HttpResponse<Buffer> late) {
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(201);
    assertThat(answers).extracting(HttpResponse::statusCode).contains(201).allMatch(status -> status == 201 || status == 409);
    for (HttpResponse<Buffer> answer : answers) {
      if (answer.statusCode() == 201) {
        assertThat(answer.bodyAsString()).isEqualTo(late.bodyAsString());
      } else {
        assertProblem(answer, 409, "idempotency-in-flight");
        assertThat(answer.getHeader("Retry-After")).as("Retry-After").isNotBlank();
      }
    }
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("/problems/" + type);
  }
}
