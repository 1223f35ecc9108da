package bank.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every 400 that the OpenAPI validator finds says in words which field is wrong and what it must
 * be (InputProblems), whatever vertx-openapi's own message was. No service runs behind the gateway:
 * these requests never get that far.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The gateway's 400s name the field and its rule")
class InputProblemsTest {

  private static final String DEPOSIT = "/accounts/acc_1/deposits";
  private static final String AMOUNT_RULE = "'amount' must be an integer from 1 to 1000000000000 (minor units), got ";
  private static WebClient client;

  static Stream<Arguments> badInput() {
    return Stream.of(
        post(DEPOSIT, "{\"amount\": -5}", AMOUNT_RULE + "-5"),
        post(DEPOSIT, "{\"amount\": 0}", AMOUNT_RULE + "0"),
        post(DEPOSIT, "{\"amount\": 12.34}", AMOUNT_RULE + "12.34"),
        post(DEPOSIT, "{\"amount\": \"100\"}", AMOUNT_RULE + "'100'"),
        post(DEPOSIT, "{\"amount\": 1000000000001}", AMOUNT_RULE + "1000000000001"),
        post("/transfers", "{\"from\": \"a\", \"to\": \"b\", \"amount\": -1}", AMOUNT_RULE + "-1"),
        post(DEPOSIT, "{}", "'amount' is required"),
        post(DEPOSIT, null, "the body is missing: send a JSON object"),
        post(DEPOSIT, "{amount: 1}", "the body is not valid JSON"),
        post(DEPOSIT, "[1]", "the body must be a JSON object"),
        post(DEPOSIT, "{\"amount\": 1, \"note\": \"x\"}", "'note' is not a field of this request"),
        post(DEPOSIT, "{\"amount\": 1, \"from\": \"acc_2\"}", "'from' is not a field of this request"),
        post("/accounts", "{\"owner\": \"ann\", \"currency\": \"euro\"}", "'currency' must be an ISO 4217 code such as EUR, got 'euro'"),
        post("/accounts", "{\"owner\": \"ann\", \"currency\": \"eur\"}", "'currency' must be an ISO 4217 code such as EUR, got 'eur'"),
        post("/accounts", "{\"owner\": 42, \"currency\": \"EUR\"}", "'owner' must be a text of 1 to 200 characters, got 42"),
        post("/accounts", "{\"owner\": \"\", \"currency\": \"EUR\"}", "'owner' must be a text of 1 to 200 characters, got ''"),
        post("/accounts", "{\"owner\": \"ann\"}", "'currency' is required"),
        post("/accounts", "{\"owner\": \"ann\", \"currency\": \"EUR\", \"balance\": 5}", "'balance' is not a field of this request"),
        post("/transfers", "{\"from\": \"a\", \"amount\": 1}", "'to' is required"),
        post("/transfers", "{\"from\": \"a\", \"to\": \"\", \"amount\": 1}", "'to' must be an account id of 1 to 100 characters, got ''"),
        get("/accounts?limit=0", "'limit' must be an integer from 1 to 1000, got '0'"),
        get("/accounts?limit=abc", "'limit' must be an integer from 1 to 1000, got 'abc'"),
        get("/audit?limit=1001", "'limit' must be an integer from 1 to 1000, got '1001'"),
        get("/accounts/" + "x".repeat(101), "'id' must be an id of 1 to 100 characters, got '" + "x".repeat(40) + "...' (101 characters)"));
  }

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    GatewayVerticle gateway = new GatewayVerticle(new GatewayConfig("127.0.0.1", 0, 300, AuthConfig.OFF));
    vertx.deployVerticle(gateway).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.actualPort()));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("badInput")
  @DisplayName("a bad field is a 400 whose detail names it and its rule")
  void namesTheField(HttpMethod method, String path, String body, String detail, VertxTestContext context) {
    HttpRequest<Buffer> request = client.request(method, path);
    (method == HttpMethod.GET ? request.send()
        : body == null ? request.putHeader("Content-Type", "application/json").send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)))
        .onComplete(context.succeeding((HttpResponse<Buffer> response) -> context.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(400);
          assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("/problems/invalid-request");
          assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo(detail);
          context.completeNow();
        })));
  }

  private static Arguments post(String path, String body, String detail) {
    return Arguments.of(HttpMethod.POST, path, body, detail);
  }

  private static Arguments get(String path, String detail) {
    return Arguments.of(HttpMethod.GET, path, null, detail);
  }
}
