package bank.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bad input is refused with a problem and moves no money")
class BadInputTest {

  private static final long FUNDS = 10_000;
  private static final String LONG_KEY = "k".repeat(256);

  private static Api api;
  /** The accounts the table refers to as $funded (EUR, holds FUNDS), $other (EUR) and $usd (USD). */
  private static String funded, other, usd;

  /**
   * One malformed request: what is sent ($funded, $other, $usd replaced) and the problem expected,
   * with its exact detail where one is given.
   */
  record Case(String name, HttpMethod method, String path, String contentType, String body, String idempotencyKey,
      int status, String type, boolean recordsRejectedTransfer, String detail) {

    Case key(String key) {
      return new Case(name, method, path, contentType, body, key, status, type, recordsRejectedTransfer, detail);
    }

    Case contentType(String type) {
      return new Case(name, method, path, type, body, idempotencyKey, status, this.type, recordsRejectedTransfer, detail);
    }

    Case rejectedTransfer() {
      return new Case(name, method, path, contentType, body, idempotencyKey, status, type, true, detail);
    }

    Case detail(String expected) {
      return new Case(name, method, path, contentType, body, idempotencyKey, status, type, recordsRejectedTransfer, expected);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> malformedRequests() {
    String deposit = "/accounts/$funded/deposits";
    String withdrawal = "/accounts/$funded/withdrawals";
    return List.of(
        post("malformed JSON", "/accounts", "{\"owner\": \"ann\",", 400, "invalid-request"),
        post("malformed JSON on a deposit", deposit, "{amount: 1}", 400, "invalid-request"),
        post("no body at all", deposit, null, 400, "invalid-request"),
        post("an amount as a string", deposit, "{\"amount\": \"100\"}", 400, "invalid-request"),
        post("a transfer amount as a string", "/transfers", transfer("$other", "\"100\""), 400, "invalid-request"),
        post("an owner as a number", "/accounts", "{\"owner\": 42, \"currency\": \"EUR\"}", 400, "invalid-request"),
        post("a missing currency", "/accounts", "{\"owner\": \"ann\"}", 400, "invalid-request"),
        post("a missing amount", deposit, "{}", 400, "invalid-request"),
        post("a transfer without 'to'", "/transfers", "{\"from\": \"$funded\", \"amount\": 1}", 400, "invalid-request"),
        post("an unknown field on an account", "/accounts", "{\"owner\": \"ann\", \"currency\": \"EUR\", \"vip\": true}",
            400, "invalid-request"),
        post("an unknown field on a deposit", deposit, "{\"amount\": 1, \"note\": \"x\"}", 400, "invalid-request"),
        post("an unknown field on a transfer", "/transfers",
            "{\"from\": \"$funded\", \"to\": \"$other\", \"amount\": 1, \"memo\": \"x\"}", 400, "invalid-request"),
        // Mass assignment: fields the server owns are refused, never applied.
        post("a balance on a new account", "/accounts", "{\"owner\": \"ann\", \"currency\": \"EUR\", \"balance\": 1000000}",
            400, "invalid-request"),
        post("an id on a new account", "/accounts", "{\"owner\": \"ann\", \"currency\": \"EUR\", \"id\": \"acc_mine\"}",
            400, "invalid-request"),
        post("a balance on a deposit", deposit, "{\"amount\": 1, \"balance\": 1000000}", 400, "invalid-request"),
        post("an account id in a deposit body", deposit, "{\"amount\": 1, \"accountId\": \"$other\"}", 400, "invalid-request"),
        post("a status on a transfer", "/transfers",
            "{\"from\": \"$funded\", \"to\": \"$other\", \"amount\": 1, \"status\": \"COMPLETED\"}", 400, "invalid-request"),
        post("a currency on a transfer", "/transfers",
            "{\"from\": \"$funded\", \"to\": \"$other\", \"amount\": 1, \"currency\": \"USD\"}", 400, "invalid-request"),
        post("a deposit of 0", deposit, "{\"amount\": 0}", 400, "invalid-request"),
        post("a withdrawal of 0", withdrawal, "{\"amount\": 0}", 400, "invalid-request"),
        post("a transfer of 0", "/transfers", transfer("$other", "0"), 400, "invalid-request"),
        post("a negative deposit", deposit, "{\"amount\": -5}", 400, "invalid-request"),
        post("a negative withdrawal", withdrawal, "{\"amount\": -5}", 400, "invalid-request"),
        post("a negative transfer", "/transfers", transfer("$other", "-5"), 400, "invalid-request"),
        post("a fractional deposit", deposit, "{\"amount\": 1.5}", 400, "invalid-request"),
        post("a fractional transfer", "/transfers", transfer("$other", "1.5"), 400, "invalid-request"),
        post("a deposit too big", deposit, "{\"amount\": 1000000000001}", 400, "invalid-request"),
        post("a transfer too big", "/transfers", transfer("$other", "1000000000001"), 400, "invalid-request"),
        post("currency EURO", "/accounts", "{\"owner\": \"ann\", \"currency\": \"EURO\"}", 400, "invalid-request"),
        post("currency eur", "/accounts", "{\"owner\": \"ann\", \"currency\": \"eur\"}", 400, "invalid-request"),
        post("currency XYZ", "/accounts", "{\"owner\": \"ann\", \"currency\": \"XYZ\"}", 400, "invalid-request"),
        get("limit 0", "/accounts?limit=0", 400, "invalid-request"),
        get("limit 1001", "/audit?limit=1001", 400, "invalid-request"),
        get("limit abc", "/accounts/$funded/transfers?limit=abc", 400, "invalid-request"),
        get("a garbage cursor on accounts", "/accounts?after=garbage", 400, "invalid-request"),
        get("a garbage cursor on the audit trail", "/audit?after=garbage", 400, "invalid-request"),
        get("a garbage cursor on an account's transfers", "/accounts/$funded/transfers?after=garbage", 400,
            "invalid-request"),
        get("an unknown account", "/accounts/nope", 404, "not-found"),
        get("the transfers of an unknown account", "/accounts/nope/transfers", 404, "not-found"),
        post("a deposit to an unknown account", "/accounts/nope/deposits", "{\"amount\": 100}", 404, "not-found"),
        post("a withdrawal from an unknown account", "/accounts/nope/withdrawals", "{\"amount\": 1}", 404, "not-found"),
        get("an unknown transfer", "/transfers/nope", 404, "not-found"),
        post("an account body over 64 KiB", "/accounts", "{\"owner\": \"" + "x".repeat(70_000) + "\"}", 413,
            "payload-too-large"),
        post("a deposit body over 64 KiB", deposit, "{\"amount\": 1" + " ".repeat(70_000) + "}", 413, "payload-too-large"),
        post("a deposit as text/plain", deposit, "{\"amount\": 1}", 415, "unsupported-media-type").contentType("text/plain"),
        post("a withdrawal of more than the balance", withdrawal, "{\"amount\": " + (FUNDS + 1) + "}", 422,
            "insufficient-funds"),
        post("a transfer of more than the balance", "/transfers", transfer("$other", String.valueOf(FUNDS + 1)), 422,
            "insufficient-funds").rejectedTransfer(),
        post("a transfer to the same account", "/transfers", transfer("$funded", "1"), 422, "same-account"),
        post("a transfer to an unknown account", "/transfers", transfer("nope", "1"), 422, "unknown-account")
            .rejectedTransfer(),
        post("a transfer from an unknown account", "/transfers",
            "{\"from\": \"nope\", \"to\": \"$funded\", \"amount\": 1}", 422, "unknown-account").rejectedTransfer(),
        post("a transfer between currencies", "/transfers", transfer("$usd", "1"), 422, "currency-mismatch")
            .rejectedTransfer(),
        post("an owner with a NUL character", "/accounts", "{\"owner\": \"ann\\u0000x\", \"currency\": \"EUR\"}", 400,
            "invalid-request").detail("'owner' must not contain control characters (such as NUL or ESC)"),
        post("an owner with a terminal escape sequence", "/accounts",
            "{\"owner\": \"\\u001b[31mann\", \"currency\": \"EUR\"}", 400, "invalid-request")
            .detail("'owner' must not contain control characters (such as NUL or ESC)"),
        post("a transfer reference with a bell character", "/transfers",
            "{\"from\": \"$funded\", \"to\": \"$other\", \"amount\": 1, \"reference\": \"rent\\u0007\"}", 400,
            "invalid-request").detail("'reference' must not contain control characters (such as NUL or ESC)"),
        post("an amount given twice on a deposit", deposit, "{\"amount\": 1, \"amount\": 999999}", 400, "invalid-request")
            .detail("'amount' is given twice: each field may appear once"),
        post("an amount given twice on a transfer", "/transfers",
            "{\"from\": \"$funded\", \"to\": \"$other\", \"amount\": 1, \"amount\": 9999}", 400, "invalid-request")
            .detail("'amount' is given twice: each field may appear once"),
        post("an owner given twice", "/accounts", "{\"owner\": \"ann\", \"owner\": \"bob\", \"currency\": \"EUR\"}", 400,
            "invalid-request").detail("'owner' is given twice: each field may appear once"),
        post("an Idempotency-Key of 256 characters on a deposit", deposit, "{\"amount\": 1}", 400, "invalid-request")
            .key(LONG_KEY),
        post("an Idempotency-Key of 256 characters on a transfer", "/transfers", transfer("$other", "1"), 400,
            "invalid-request").key(LONG_KEY));
  }

  @BeforeAll
  static void openAccounts(Vertx vertx, VertxTestContext context) throws Exception {
    api = new Api(vertx, BankCluster.atBaseline().httpPort);
    Future.all(api.openAccount("EUR").compose(id -> api.deposit(id, FUNDS).map(id)), api.openAccount("EUR"),
            api.openAccount("USD"))
        .onComplete(context.succeeding(opened -> {
          funded = opened.resultAt(0);
          other = opened.resultAt(1);
          usd = opened.resultAt(2);
          context.completeNow();
        }));
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  @DisplayName("each malformed request is answered with the expected problem")
  void answersWithProblem(Case request, VertxTestContext context) {
    send(request)
        .compose(response -> {
          JsonObject problem = response.bodyAsJsonObject();
          context.verify(() -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(request.status());
            assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(problem.getString("type")).isEqualTo("/problems/" + request.type());
            assertThat(problem.getString("title")).isNotBlank();
            assertThat(problem.getInteger("status")).isEqualTo(request.status());
            assertThat(problem.getString("detail")).isNotBlank();
            if (request.detail() != null) {
              assertThat(problem.getString("detail")).isEqualTo(request.detail());
            }
          });
          if (!request.recordsRejectedTransfer()) {
            return Future.succeededFuture();
          }
          context.verify(() -> assertThat(problem.getString("transferId")).as("transferId").isNotBlank());
          return api.get("/transfers/" + problem.getString("transferId")).onSuccess(found -> context.verify(() -> {
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.bodyAsJsonObject().getString("status")).isEqualTo("REJECTED");
          }));
        })
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  @Order(1)
  @DisplayName("an X-Request-Id of 1..128 printable ASCII characters is kept; a longer or unprintable one is replaced by a fresh id")
  void boundsTheRequestId(VertxTestContext context) {
    String longest = "r".repeat(128);
    Future.all(List.of(
            api.request(HttpMethod.GET, fill("/accounts/$funded")).putHeader("X-Request-Id", longest).send(),
            api.request(HttpMethod.GET, fill("/accounts/$funded")).putHeader("X-Request-Id", "r".repeat(5_000)).send(),
            api.request(HttpMethod.GET, fill("/accounts/$funded")).putHeader("X-Request-Id", "two words").send()))
        .onComplete(context.succeeding(answers -> context.verify(() -> {
          HttpResponse<Buffer> kept = answers.resultAt(0);
          HttpResponse<Buffer> tooLong = answers.resultAt(1);
          HttpResponse<Buffer> unprintable = answers.resultAt(2);
          assertThat(kept.getHeader("X-Request-Id")).isEqualTo(longest);
          for (HttpResponse<Buffer> replaced : List.of(tooLong, unprintable)) {
            assertThat(replaced.statusCode()).isEqualTo(200);
            assertThat(replaced.getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
          }
          context.completeNow();
        })));
  }

  @Test
  @Order(2)
  @DisplayName("after the whole table, every balance is what it was")
  void movedNoMoney(VertxTestContext context) {
    Future.all(api.balance(funded), api.balance(other), api.balance(usd))
        .onComplete(context.succeeding(balances -> context.verify(() -> {
          assertThat(balances.<Long>resultAt(0)).as("funded account").isEqualTo(FUNDS);
          assertThat(balances.<Long>resultAt(1)).as("other EUR account").isZero();
          assertThat(balances.<Long>resultAt(2)).as("USD account").isZero();
          context.completeNow();
        })));
  }

  private static Future<HttpResponse<Buffer>> send(Case request) {
    var http = api.request(request.method(), fill(request.path()));
    if (request.idempotencyKey() != null) {
      http.putHeader("Idempotency-Key", request.idempotencyKey());
    }
    if (request.body() == null) {
      return request.method() == HttpMethod.POST ? http.putHeader("Content-Type", "application/json").send() : http.send();
    }
    return http.putHeader("Content-Type", request.contentType()).sendBuffer(Buffer.buffer(fill(request.body())));
  }

  private static String fill(String template) {
    return template.replace("$funded", funded).replace("$other", other).replace("$usd", usd);
  }

  private static String transfer(String to, String amount) {
    return "{\"from\": \"$funded\", \"to\": \"" + to + "\", \"amount\": " + amount + "}";
  }

  private static Case post(String name, String path, String body, int status, String type) {
    return new Case(name, HttpMethod.POST, path, "application/json", body, null, status, type, false, null);
  }

  private static Case get(String name, String path, int status, String type) {
    return new Case(name, HttpMethod.GET, path, null, null, null, status, type, false, null);
  }
}
